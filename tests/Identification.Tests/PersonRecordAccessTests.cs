using Npgsql;

namespace TransnationalReferral.Identification.Tests;

/// <summary>
/// The vault belongs to the person, not to whichever case names them (issue 16, items 1 and 4): tried as an attacker
/// inside another NGO would, and as the legitimate focal point, through HTTP on real PostgreSQL.
/// </summary>
public class PersonRecordAccessTests : IdentificationApiFixture
{
    private const string VictimsNgo = "nl-ngo-safehouse";
    private const string OtherNgo = "nl-ngo-other";

    private static readonly object Person = new { names = new[] { "Maria Canary-Vault" }, nationality = "RO", identityDocuments = new[] { new { type = "passport", number = "RO0000C4N" } } };

    private HttpClient As(string role, string organisation, string jurisdiction = "NL", string subject = "user") =>
        new HttpClient { BaseAddress = BaseAddress }.Authorize(role, jurisdiction, organisation, $"{subject}-{organisation}");

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object body, string etag) => client.SendWithIfMatchAsync(method, path, body, etag);

    private static Task<string> ETagOf(HttpClient client, Guid caseId) => client.ETagOfAsync($"/api/identification/cases/{caseId}");

    private static object SignalFor(Guid? victimId = null, string? reasons = null, string jurisdiction = "NL") => new
    {
        source = "ngo", signallingOrganisation = "nl-ngo-safehouse", jurisdiction, sex = "female", ageGroup = "25-34", victimId, reasons,
    };

    /// <summary>The victim's case, held by their NGO, with their personal data in the vault.</summary>
    private async Task<(Guid CaseId, Guid VictimId)> VictimsCaseAsync(HttpClient ngo)
    {
        var (caseId, etag) = await OpenCaseAsync(ngo, SignalFor());
        var put = await Send(ngo, HttpMethod.Put, $"/api/identification/cases/{caseId}/personal-data", Person, etag);
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        var victimId = (await ngo.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}")).GetProperty("victimId").GetGuid();
        return (caseId, victimId);
    }

    private async Task<string> VaultRowAsync(Guid victimId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand("select data::text from identification.mt_doc_vaultrecord where id = @id", connection);
        select.Parameters.AddWithValue("id", victimId);
        return (string)(await select.ExecuteScalarAsync())!;
    }

    private async Task<long> CountAsync(string sql, Guid id)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<JsonElement> AccessLogAsync(Guid caseId)
    {
        using var auditor = As("Auditor", "nl-inspectorate");
        return await auditor.GetFromJsonAsync<JsonElement>($"/api/identification/access-log?caseId={caseId}");
    }

    private static IEnumerable<string> Decisions(JsonElement history) => history.EnumerateArray().Select(e => e.GetProperty("decision").GetString()!);

    [Test]
    public async Task A_case_naming_another_organisations_victim_is_404_and_reads_writes_or_erases_nothing_of_theirs()
    {
        using var ngo = As("CaseWorker", VictimsNgo);
        var (victimsCase, victimId) = await VictimsCaseAsync(ngo);
        var vaultBefore = await VaultRowAsync(victimId);
        var versionBefore = await ETagOf(ngo, victimsCase);

        // The attacker: a case worker of another NGO in the same country, and a focal point of another country, who learnt the victim id.
        foreach (var (attacker, jurisdiction) in new[] { (As("CaseWorker", OtherNgo), "NL"), (As("FocalPoint", "be-focal-point", "BE"), "BE") })
        {
            using var _ = attacker;
            var opened = await attacker.PostAsJsonAsync("/api/identification/cases", SignalFor(victimId, "I think this is the same person", jurisdiction));
            Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{jurisdiction}: {await opened.Content.ReadAsStringAsync()}");
            var problem = await opened.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("person"), "the same answer as for an id nobody has");

            var list = await attacker.GetFromJsonAsync<JsonElement>("/api/identification/cases");
            Assert.That(list.GetProperty("items").GetArrayLength(), Is.Zero, "no case was opened for the attacker");
        }

        // An unknown person id gets exactly the same answer: the id's existence is not revealed.
        using var other = As("CaseWorker", OtherNgo);
        var unknown = await other.PostAsJsonAsync("/api/identification/cases", SignalFor(Guid.NewGuid(), "I think this is the same person"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        Assert.That(await CountAsync("select count(*) from identification.mt_doc_registeredcase where (data->>'victimId')::uuid = @id", victimId), Is.EqualTo(1),
            "only the victim's own case names them");
        Assert.That(await VaultRowAsync(victimId), Is.EqualTo(vaultBefore), "the vault record is untouched");
        Assert.That(await ETagOf(ngo, victimsCase), Is.EqualTo(versionBefore), "nothing was recorded on the victim's case");
        var log = await AccessLogAsync(victimsCase);
        Assert.That(log.EnumerateArray().Select(e => e.GetProperty("actorOrganisation").GetString()), Has.None.EqualTo(OtherNgo).And.None.EqualTo("be-focal-point"));
        var read = await ngo.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{victimsCase}/personal-data?purpose=assistance");
        Assert.That(read.GetProperty("names")[0].GetString(), Is.EqualTo("Maria Canary-Vault"), "the victim's data is still theirs and intact");
    }

    [Test]
    public async Task A_case_that_named_a_known_person_before_linking_was_a_decision_reaches_nothing_of_theirs()
    {
        using var ngo = As("CaseWorker", VictimsNgo);
        var (victimsCase, victimId) = await VictimsCaseAsync(ngo);
        var vaultBefore = await VaultRowAsync(victimId);

        // What the hole left in a database: the attacker's case, opened with the victim's id before the fix (no link decision).
        var legacyCase = Guid.CreateVersion7();
        var store = (Marten.IDocumentStore)Services.GetService(typeof(Marten.IDocumentStore))!;
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<Cases.IdentificationCase>(legacyCase, new Cases.CaseOpened(legacyCase, victimId, Cases.SignalSource.Ngo, OtherNgo, "NL",
                Cases.Sex.Female, Cases.AgeGroup.From25To34, ChildStatus.Adult, DateTimeOffset.UtcNow, OtherNgo));
            await session.SaveChangesAsync();
        }

        using var attacker = As("CaseWorker", OtherNgo);
        var read = await attacker.GetAsync($"/api/identification/cases/{legacyCase}/personal-data?purpose=assistance");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await read.Content.ReadAsStringAsync());
        Assert.That(await read.Content.ReadAsStringAsync(), Does.Not.Contain("Canary"));
        var write = await Send(attacker, HttpMethod.Put, $"/api/identification/cases/{legacyCase}/personal-data", new { names = new[] { "Overwritten" } }, await ETagOf(attacker, legacyCase));
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var attackersFocalPoint = As("FocalPoint", "nl-focal-point");   // even the focal point cannot erase through an unlinked case
        var erase = await Send(attackersFocalPoint, HttpMethod.Post, $"/api/identification/cases/{legacyCase}/erasure", new { legalBasis = "GDPR art. 17(1)(b)", reasons = "x" }, await ETagOf(attacker, legacyCase));
        Assert.That(erase.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        Assert.That(await VaultRowAsync(victimId), Is.EqualTo(vaultBefore));
        Assert.That((await AccessLogAsync(victimsCase)).EnumerateArray().Select(e => e.GetProperty("actorOrganisation").GetString()), Has.None.EqualTo(OtherNgo));
    }

    [Test]
    public async Task A_legitimate_link_is_recorded_on_every_case_of_the_person_and_the_vault_follows_the_person()
    {
        using var ngo = As("CaseWorker", VictimsNgo);
        var (firstCase, victimId) = await VictimsCaseAsync(ngo);

        var withoutReasons = await ngo.PostAsJsonAsync("/api/identification/cases", SignalFor(victimId));
        Assert.That(withoutReasons.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await withoutReasons.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("person-link-needs-reasons"));

        var linked = await ngo.PostAsJsonAsync("/api/identification/cases", SignalFor(victimId, "Signalled again by the labour inspectorate; same passport as case 1"));
        Assert.That(linked.StatusCode, Is.EqualTo(HttpStatusCode.Created), await linked.Content.ReadAsStringAsync());
        var secondCase = (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();

        // The audit trail of each case shows the link.
        var firstHistory = await ngo.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{firstCase}/history?purpose=identification");
        var linkOnFirst = firstHistory.EnumerateArray().Single(e => e.GetProperty("decision").GetString() == "person_linked_to_case");
        Assert.That(linkOnFirst.GetProperty("data").GetProperty("linkedCaseId").GetGuid(), Is.EqualTo(secondCase));
        Assert.That(linkOnFirst.GetProperty("actorOrganisation").GetString(), Is.EqualTo(VictimsNgo));
        Assert.That(linkOnFirst.GetProperty("reasons").GetString(), Does.Contain("same passport"));
        var secondHistory = await ngo.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{secondCase}/history?purpose=identification");
        Assert.That(Decisions(secondHistory), Does.Contain("case_linked_to_person"));

        // The vault follows the person: read through the new case, logged on every case of the person.
        using var reader = As("CaseWorker", VictimsNgo, subject: "reader");
        var read = await reader.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{secondCase}/personal-data?purpose=assistance");
        Assert.That(read.GetProperty("names")[0].GetString(), Is.EqualTo("Maria Canary-Vault"));
        foreach (var caseId in new[] { firstCase, secondCase })
        {
            var log = (await AccessLogAsync(caseId)).EnumerateArray().ToList();
            Assert.That(log.Any(e => e.GetProperty("actorId").GetString() == $"reader-{VictimsNgo}" && e.GetProperty("what").GetString() == "personal data"), Is.True,
                $"the read through case {secondCase} is in the access log of case {caseId}");
            Assert.That(log.Any(e => e.GetProperty("what").GetString()!.Contains("linked to the same person")), Is.True, $"the link is in the access log of case {caseId}");
        }
    }

    [Test]
    public async Task Erasure_through_one_case_is_refused_while_another_case_of_the_person_has_a_legal_hold()
    {
        using var focalPoint = Client();
        var (firstCase, victimId) = await VictimsCaseAsync(focalPoint);
        var linked = await focalPoint.PostAsJsonAsync("/api/identification/cases", SignalFor(victimId, "Second signal about the same person"));
        var secondCase = (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var hold = await Send(focalPoint, HttpMethod.Post, $"/api/identification/cases/{firstCase}/legal-holds", new { kind = "criminal-proceedings", reasons = "Trial pending" }, await ETagOf(focalPoint, firstCase));
        Assert.That(hold.StatusCode, Is.EqualTo(HttpStatusCode.OK), await hold.Content.ReadAsStringAsync());

        var erasure = new { legalBasis = "GDPR art. 17(1)(b)", reasons = "Consent withdrawn" };
        var refused = await Send(focalPoint, HttpMethod.Post, $"/api/identification/cases/{secondCase}/erasure", erasure, await ETagOf(focalPoint, secondCase));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("erasure-legal-hold"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(firstCase.ToString()));
        Assert.That((await focalPoint.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{firstCase}/personal-data?purpose=identification")).GetProperty("names")[0].GetString(),
            Is.EqualTo("Maria Canary-Vault"), "nothing was erased");

        var lift = await Send(focalPoint, HttpMethod.Post, $"/api/identification/cases/{firstCase}/legal-holds/lifting", new { kind = "criminal-proceedings", reasons = "Judgment final" }, await ETagOf(focalPoint, firstCase));
        Assert.That(lift.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var erased = await Send(focalPoint, HttpMethod.Post, $"/api/identification/cases/{secondCase}/erasure", erasure, await ETagOf(focalPoint, secondCase));
        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.OK), await erased.Content.ReadAsStringAsync());
        foreach (var caseId in new[] { firstCase, secondCase })
        {
            var state = await focalPoint.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}");
            Assert.That(state.GetProperty("personalData").GetString(), Is.EqualTo("erased"), $"case {caseId} records the erasure of the person's data");
            var read = await focalPoint.GetAsync($"/api/identification/cases/{caseId}/personal-data?purpose=identification");
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
        }
    }

    [Test]
    public async Task A_read_outside_the_purpose_of_the_share_is_refused_and_logged()
    {
        using var focalPoint = Client();
        var (caseId, _) = await VictimsCaseAsync(focalPoint);
        var share = await Send(focalPoint, HttpMethod.Post, $"/api/identification/cases/{caseId}/shares",
            new { purpose = "assistance", expiresAt = DateTimeOffset.UtcNow.AddDays(30), granteeOrganisation = OtherNgo, legalBasis = "National referral mechanism, art. 4" },
            await ETagOf(focalPoint, caseId));
        Assert.That(share.StatusCode, Is.EqualTo(HttpStatusCode.Created), await share.Content.ReadAsStringAsync());

        using var grantee = As("CaseWorker", OtherNgo);
        foreach (var path in new[] { "personal-data", "history" })
        {
            var outside = await grantee.GetAsync($"/api/identification/cases/{caseId}/{path}?purpose=criminal-proceedings");
            Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), path);
            Assert.That((await outside.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("read-outside-share-purpose"));
            Assert.That(await outside.Content.ReadAsStringAsync(), Does.Not.Contain("Canary"));
            var within = await grantee.GetAsync($"/api/identification/cases/{caseId}/{path}?purpose=assistance");
            Assert.That(within.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        }

        var log = (await AccessLogAsync(caseId)).EnumerateArray().Where(e => e.GetProperty("actorOrganisation").GetString() == OtherNgo).ToList();
        Assert.That(log.Count(e => e.GetProperty("refused").GetBoolean() && e.GetProperty("purpose").GetString() == "criminal-proceedings"), Is.EqualTo(2), "both refused reads are logged");
        Assert.That(log.Count(e => !e.GetProperty("refused").GetBoolean() && e.GetProperty("purpose").GetString() == "assistance"), Is.EqualTo(2));

        // The case's own organisation reads for any purpose it states.
        Assert.That((await focalPoint.GetAsync($"/api/identification/cases/{caseId}/history?purpose=criminal-proceedings")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
