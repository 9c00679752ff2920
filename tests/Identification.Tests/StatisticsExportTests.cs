using TransnationalReferral.Identification.Operations;

namespace TransnationalReferral.Identification.Tests;

/// <summary>Anonymised statistics: small cells suppressed (k-anonymity, k = 11 by default), as CSV and HTCDS-shaped JSON.</summary>
public class StatisticsSuppressionRules
{
    private static IEnumerable<CaseFacts> Many(int n, Sex sex, AgeGroup age, string[] forms, CaseStage stage) =>
        Enumerable.Range(0, n).Select(_ => new CaseFacts("NL", sex, age, forms, stage));

    [Test]
    public void Cells_below_k_are_suppressed_and_cells_at_k_are_published()
    {
        var cases = Many(11, Sex.Female, AgeGroup.From25To34, ["labour"], CaseStage.PresumedVictim)
            .Concat(Many(10, Sex.Female, AgeGroup.From25To34, ["sexual"], CaseStage.PresumedVictim))
            .Concat(Many(1, Sex.Male, AgeGroup.From12To17, [], CaseStage.Signalled));
        var cells = StatisticsTable.Build(cases, StatisticsTable.DefaultMinimumCellSize);

        Assert.That(cells, Has.Count.EqualTo(3));
        Assert.That(cells.Single(c => c.FormOfExploitation == "labour").Count, Is.EqualTo(11));
        Assert.That(cells.Single(c => c.FormOfExploitation == "sexual").Suppressed, Is.True, "10 < 11");
        Assert.That(cells.Single(c => c.FormOfExploitation == "unknown").Suppressed, Is.True, "a single child: never published");
        var csv = StatisticsTable.Csv(cells, 11);
        Assert.That(csv, Does.Contain("NL,female,25-34,labour,presumed-victim,11\n"));
        Assert.That(csv, Does.Contain("NL,female,25-34,sexual,presumed-victim,<11\n"));
        Assert.That(csv, Does.Contain("NL,male,12-17,unknown,signalled,<11\n"));
        Assert.That(csv, Does.Not.Contain(",10\n").And.Not.Contain(",1\n"), "no suppressed count leaks");
    }

    [Test]
    public void A_case_with_several_forms_counts_under_each_and_k_is_configurable()
    {
        var cases = Many(3, Sex.Female, AgeGroup.From18To24, ["labour", "sexual"], CaseStage.Identified);
        var cells = StatisticsTable.Build(cases, 3);
        Assert.That(cells.Select(c => (c.FormOfExploitation, c.Count)), Is.EquivalentTo(new[] { ("labour", (int?)3), ("sexual", (int?)3) }));
        Assert.That(StatisticsTable.Build(cases, 4).All(c => c.Suppressed), Is.True);
    }
}

public class StatisticsExportApiTests : IdentificationApiFixture
{
    private static Task ScreenAsync(HttpClient client, Guid caseId, string etag, string form, string indicator) =>
        client.DecideAtAsync($"/api/identification/cases/{caseId}/screenings", new { observed = new[] { new { form, indicator } }, source = "interview" }, etag);

    [Test]
    public async Task The_export_counts_the_callers_jurisdiction_and_suppresses_cells_below_k()
    {
        using var client = Client();
        // Eleven women 25-34 with indicators of forced labour, two with indicators of sexual exploitation; one case in another jurisdiction.
        for (var i = 0; i < 11; i++)
        {
            var (caseId, etag) = await OpenCaseAsync(client);
            await ScreenAsync(client, caseId, etag, "labour", "wages-withheld");
        }
        for (var i = 0; i < 2; i++)
        {
            var (caseId, etag) = await OpenCaseAsync(client);
            await ScreenAsync(client, caseId, etag, "sexual", "debt-bondage");
        }
        using var belgium = Client("FocalPoint", "BE");
        await OpenCaseAsync(belgium, Signal("BE"));

        var csv = await client.GetStringAsync("/api/identification/statistics?format=csv");
        Assert.That(csv, Does.StartWith("jurisdiction,sex,age_group,form_of_exploitation,stage,count\n"));
        Assert.That(csv, Does.Contain("NL,female,25-34,labour,signalled,11\n"));
        Assert.That(csv, Does.Contain("NL,female,25-34,sexual,signalled,<11\n"));
        Assert.That(csv, Does.Not.Contain("BE,"), "only the caller's jurisdiction");

        var json = await client.GetFromJsonAsync<JsonElement>("/api/identification/statistics?format=json");
        Assert.That(json.GetProperty("minimumCellSize").GetInt32(), Is.EqualTo(11));
        var records = json.GetProperty("records").EnumerateArray().ToList();
        var labour = records.Single(r => r.GetProperty("isForcedLabour").GetInt32() == 1);
        Assert.That(labour.GetProperty("gender").GetString(), Is.EqualTo("Female"));
        Assert.That(labour.GetProperty("majorityStatus").GetString(), Is.EqualTo("Adult"));
        Assert.That(labour.GetProperty("typeOfExploitConcatenated").GetString(), Is.EqualTo("Forced labour"));
        Assert.That(labour.GetProperty("count").GetInt32(), Is.EqualTo(11));
        var sexual = records.Single(r => r.GetProperty("isSexualExploit").GetInt32() == 1);
        Assert.That(sexual.GetProperty("suppressed").GetBoolean(), Is.True);
        Assert.That(sexual.GetProperty("count").ValueKind, Is.EqualTo(JsonValueKind.Null));

        Assert.That((await client.GetAsync("/api/identification/statistics?k=5")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "k below the node's minimum");
        Assert.That((await client.GetStringAsync("/api/identification/statistics?k=12")), Does.Contain("labour,signalled,<12"), "a larger k is allowed");
        using var worker = Client("CaseWorker");
        Assert.That((await worker.GetAsync("/api/identification/statistics")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var auditor = Client("Auditor");
        Assert.That((await auditor.GetAsync("/api/identification/statistics")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
