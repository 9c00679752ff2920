extern alias Identification;
using Npgsql;
using IdentificationService = Identification::TransnationalReferral.Identification.IdentificationService;
using FromIdentification = TransnationalReferral.Contracts.Identification;
using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>
/// Non-punishment across two nodes that share nothing but the signed exchange and a bilateral identity key, each with its
/// Identification and judicial services on real PostgreSQL and RabbitMQ. Nigeria identified a victim with her passport in
/// its vault; Austria knows the same passport (typed differently) for the person its extradition request seeks. The
/// request crosses with keyed hashes only; Nigeria's Identification recognises its victim; the request is held for the
/// non-punishment review and the victim's judicial file shows it to Nigeria's prosecutors. A request about someone else is
/// not flagged. No document number is on either bus, in the exchange or in any event.
/// </summary>
[NonParallelizable]
public class NonPunishmentAcrossBordersTests() : TwoNodeFixture<JudicialRequest>("judicial", "AT", "NG")
{
    private const string Passport = "AB 12-345";
    private const string OtherPassport = "CD 98-765";
    private static readonly string[] Numbers = ["AB12345", "AB 12-345", "CD98765", "CD 98-765"];
    private static readonly Type[] Captured = [typeof(Contract.JudicialRequestSent), typeof(FromIdentification.IdentityKeysComputed), typeof(Contract.IdentityMatchRequested),
        typeof(FromIdentification.IdentityMatchAnswered), typeof(Contract.NonPunishmentReviewRequired), typeof(FromIdentification.IdentificationCaseOpened)];

    private HostedService<IdentificationService> _identificationAt = null!, _identificationNg = null!;

    protected override string? IdentityKeyId => "k1";

    private static readonly object Informed = new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = false, language = "en" };

    [OneTimeSetUp]
    public async Task StartIdentificationAsync()
    {
        await BusA.CaptureAsync("np-capture", Captured);
        await BusB.CaptureAsync("np-capture", Captured);
        (_identificationAt, _identificationNg) = await Nodes.StartAlongsideAsync<IdentificationService>("identification");
    }

    /// <summary>A case opened in the node's Identification (its vault holding <paramref name="passport"/>, issued by Romania), recognised on reasonable grounds if asked; known to its judicial service.</summary>
    private static async Task<Guid> CaseAsync(HostedService<IdentificationService> identification, HostedService<JudicialRequest> judicial, string iso, string? passport, string issuedBy = "RO", bool recognised = false)
    {
        using var focalPoint = identification.Client("FocalPoint", iso);
        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "police", signallingOrganisation = $"{iso.ToLowerInvariant()}-police", jurisdiction = iso, sex = "female", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var path = $"/api/identification/cases/{caseId}";
        if (passport is not null)
            await focalPoint.DecideAsync($"{path}/personal-data", new { names = new[] { "Test Person" }, identityDocuments = new[] { new { type = "Passport", number = passport, issuingCountry = issuedBy } } }, path, method: HttpMethod.Put);
        if (recognised)
        {
            await focalPoint.DecideAsync($"{path}/information-on-rights", Informed, path);
            await focalPoint.DecideAsync($"{path}/reasonable-grounds", new { reasons = "Forced to transport drugs across borders by the network." }, path);
        }
        using var prosecutor = judicial.Client("JudicialOfficer", iso);
        await Eventually.TrueAsync("the case's judicial file", async () => (await prosecutor.GetAsync($"/api/judicial/cases/{caseId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        if (recognised)
            await Eventually.TrueAsync("the recognition noted on the judicial file", async () =>
                (await prosecutor.GetFromJsonAsync<JsonElement>($"/api/judicial/cases/{caseId}")).GetProperty("recognisedVictim").GetBoolean(), TimeSpan.FromSeconds(30));
        return caseId;
    }

    /// <summary>Austria's prosecutor sends an extradition request to Nigeria for <paramref name="personSought"/> in <paramref name="victim"/>'s case.</summary>
    private async Task<Guid> ExtraditionFromAustriaAsync(Guid personSought, Guid victim)
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new { type = "extradition", counterpartJurisdiction = "NG", urgent = false,
            persons = new object[] { new { caseId = personSought, role = "person-sought" }, new { caseId = victim, role = "victim" } } });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var requestId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        var path = $"/api/judicial/requests/{requestId}";
        await prosecutor.DecideAsync($"{path}/victim-impact-assessment", new { level = "high", measures = new[] { "no-face-to-face" }, preferredModality = "video-conference", reasons = "Threatened by the network." }, path);
        await prosecutor.DecideAsync($"{path}/sending", new { }, path);
        return requestId;
    }

    private async Task<JsonElement> InNigeriaAsync(string what, Guid requestId, Func<JsonElement, bool> until)
    {
        using var nigeria = NodeB.Client("JudicialOfficer", "NG");
        var found = await Eventually.GetAsync(what, async () =>
        {
            var response = await nigeria.GetAsync($"/api/judicial/requests/{requestId}");
            if (response.StatusCode != HttpStatusCode.OK) return null;
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return until(body) ? body.ToString() : null;
        }, TimeSpan.FromSeconds(45));
        return JsonDocument.Parse(found).RootElement;
    }

    private static Guid[] Reviews(JsonElement request) => request.TryGetProperty("reviews", out var r) && r.ValueKind == JsonValueKind.Array
        ? r.EnumerateArray().Select(x => x.GetProperty("caseId").GetGuid()).ToArray() : [];

    [Test]
    public async Task A_partners_request_for_a_victim_identified_here_is_held_for_the_non_punishment_review_without_her_passport_crossing()
    {
        // Nigeria identified her (passport in its vault); Austria seeks her, knowing the same passport typed otherwise.
        var victimInNigeria = await CaseAsync(_identificationNg, NodeB, "NG", Passport, recognised: true);
        var soughtInAustria = await CaseAsync(_identificationAt, NodeA, "AT", "ab12345", issuedBy: "ro");
        var otherSought = await CaseAsync(_identificationAt, NodeA, "AT", OtherPassport);
        var victimInAustria = await CaseAsync(_identificationAt, NodeA, "AT", null);

        var aboutHer = await ExtraditionFromAustriaAsync(soughtInAustria, victimInAustria);
        var registered = await InNigeriaAsync("Austria's request registered and matched in Nigeria", aboutHer, r => r.TryGetProperty("identityMatch", out var m) && m.GetString() == "answered");
        Assert.That(Reviews(registered), Is.EqualTo(new[] { victimInNigeria }), "flagged: her case in Nigeria");
        Assert.That(registered.GetProperty("persons").EnumerateArray().Single().GetProperty("caseId").GetGuid(), Is.EqualTo(victimInAustria), "Austria's case reference; no case id of Nigeria's crossed");

        // Held: no execution before the review; her judicial file shows the flag to Nigeria's prosecutors.
        using var nigeria = NodeB.Client("JudicialOfficer", "NG");
        var path = $"/api/judicial/requests/{aboutHer}";
        await nigeria.DecideAsync($"{path}/acknowledgement", new { }, path);
        await nigeria.DecideAsync($"{path}/victim-impact-assessment", new { level = "high", measures = new[] { "no-face-to-face" }, preferredModality = "video-conference", reasons = "Protected witness." }, path);
        var refused = await nigeria.DecideAsync($"{path}/execution", new { }, path, expected: HttpStatusCode.UnprocessableEntity);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString(), Is.EqualTo("non-punishment-review-first"));
        var file = await nigeria.GetFromJsonAsync<JsonElement>($"/api/judicial/cases/{victimInNigeria}");
        var flag = file.GetProperty("nonPunishmentFlags").EnumerateArray().Single();
        Assert.That(flag.GetProperty("requestId").GetGuid(), Is.EqualTo(aboutHer));
        Assert.That(flag.GetProperty("counterpart").GetString(), Is.EqualTo("AT"));
        await nigeria.DecideAsync($"{path}/non-punishment-reviews", new { caseId = victimInNigeria, offenceCompelledByTrafficking = true, reasons = "She transported drugs under the network's threats." }, path);
        var compelled = await nigeria.DecideAsync($"{path}/execution", new { }, path, expected: HttpStatusCode.UnprocessableEntity);
        Assert.That((await compelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString(), Is.EqualTo("non-punishment"));

        // A request about someone else is not flagged, and is executed once acknowledged and assessed.
        var aboutSomeoneElse = await ExtraditionFromAustriaAsync(otherSought, victimInAustria);
        var other = await InNigeriaAsync("the other request matched in Nigeria", aboutSomeoneElse, r => r.TryGetProperty("identityMatch", out var m) && m.GetString() == "answered");
        Assert.That(Reviews(other), Is.Empty);
        var otherPath = $"/api/judicial/requests/{aboutSomeoneElse}";
        await nigeria.DecideAsync($"{otherPath}/acknowledgement", new { }, otherPath);
        await nigeria.DecideAsync($"{otherPath}/victim-impact-assessment", new { level = "low", measures = Array.Empty<string>(), preferredModality = "video-conference", reasons = "No contact with the victim." }, otherPath);
        await nigeria.DecideAsync($"{otherPath}/execution", new { }, otherPath);

        // What crossed: keyed hashes with the role, never a number.
        var ledgerA = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        var crossed = (await ledgerA.ListAsync(CrossBorderLedger.Sent, CrossBorderJson.WireType(typeof(CrossBorderRequest)), CancellationToken.None))
            .Where(e => JsonSerializer.Deserialize<CrossBorderRequest>(e.Body, CrossBorderJson.Options)!.RequestId == aboutHer).Select(e => Encoding.UTF8.GetString(e.Body)).Single();
        var keys = JsonSerializer.Deserialize<CrossBorderRequest>(crossed, CrossBorderJson.Options)!.IdentityKeys!;
        Assert.That(keys, Has.Count.EqualTo(1));
        Assert.That(keys[0], Does.Match("^person-sought:k1:[0-9a-f]{64}$"));
        var messages = new List<string>(await BusA.DrainAsync("np-capture")) { crossed };
        messages.AddRange(await BusB.DrainAsync("np-capture"));
        Assert.That(messages.Count(m => m.Contains("IdentityKeysComputed", StringComparison.Ordinal) || m.Contains("identityMatchAnswered", StringComparison.OrdinalIgnoreCase)), Is.GreaterThan(0), "the bus messages were captured");
        foreach (var number in Numbers)
            Assert.That(messages.Where(m => m.Contains(number, StringComparison.OrdinalIgnoreCase)), Is.Empty, $"'{number}' on a bus or across the border");
        foreach (var database in new[] { NodeA.Database, NodeB.Database, _identificationAt.Database, _identificationNg.Database })
            Assert.That(await EventsMentioningAsync(database), Is.Empty, $"a document number in an event of {database.Name}");
    }

    /// <summary>Events (any stream, any schema) whose JSON holds one of the document numbers.</summary>
    private static async Task<IReadOnlyList<string>> EventsMentioningAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var found = new List<string>();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("select table_schema from information_schema.tables where table_name = 'mt_events'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        foreach (var schema in tables)
        {
            await using var query = new NpgsqlCommand($"select type || ' ' || data::text from \"{schema}\".mt_events", connection);
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                if (reader.GetString(0) is var text && Numbers.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase))) found.Add(text);
        }
        return found;
    }
}
