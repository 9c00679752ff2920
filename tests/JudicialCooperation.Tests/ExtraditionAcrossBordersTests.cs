namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>
/// Extradition between two nodes that share nothing but the signed exchange: Austria's prosecutor asks Nigeria to surrender
/// the person sought in a victim's case. The request crosses signed (purpose <c>extradition</c>, on UNTOC art. 16) and is
/// registered in Nigeria once, with signed delivery evidence back; Nigeria's surrender is refused until the victim's safety
/// is assessed and the victim notified (as on the bus); the notification goes to Austria as a signed message for the
/// victim's lawyer there and is recorded on Austria's request as received, once.
/// </summary>
[NonParallelizable]
public class ExtraditionAcrossBordersTests() : TwoNodeFixture<JudicialRequest>("judicial", "AT", "NG")
{
    [Test]
    public async Task An_extradition_request_crosses_signed_and_the_victims_notification_of_the_surrender_reaches_the_requesting_node_as_a_message()
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var victim = await KnownCases.OpenAsync(NodeA, "AT");
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new { type = "extradition", counterpartJurisdiction = "NG", urgent = false,
            persons = new object[] { new { caseId = Guid.NewGuid(), role = "person-sought" }, new { caseId = victim, role = "victim" } } });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var requestId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        var path = $"/api/judicial/requests/{requestId}";
        await prosecutor.DecideAsync($"{path}/victim-impact-assessment", new { level = "high", measures = new[] { "no-face-to-face" }, preferredModality = "video-conference", reasons = "Threatened by the network." }, path);
        await prosecutor.DecideAsync($"{path}/sending", new { }, path);

        // Registered in Nigeria's judicial service, from Austria's node, as an extradition request about the victim's case reference.
        using var nigeria = NodeB.Client("JudicialOfficer", "NG");
        var registered = await nigeria.WhenFoundAsync("Austria's extradition request registered in Nigeria", path);
        Assert.That(registered.GetProperty("direction").GetString(), Is.EqualTo("incoming"));
        Assert.That(registered.GetProperty("type").GetString(), Is.EqualTo("extradition"));
        Assert.That(registered.GetProperty("counterpart").GetString(), Is.EqualTo("AT"));
        var person = registered.GetProperty("persons").EnumerateArray().Single();
        Assert.That(person.GetProperty("caseId").GetGuid(), Is.EqualTo(victim), "the victim's case reference; the person sought does not cross");
        Assert.That(person.GetProperty("role").GetString(), Is.EqualTo("victim"));

        var ledgerA = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        var sent = (await ledgerA.ListAsync(CrossBorderLedger.Sent, CrossBorderJson.WireType(typeof(CrossBorderRequest)), CancellationToken.None))
            .Select(e => JsonSerializer.Deserialize<CrossBorderRequest>(e.Body, CrossBorderJson.Options)!).Single(r => r.RequestId == requestId);
        Assert.That(sent.Purpose, Is.EqualTo(CrossBorderPurposes.Extradition));
        Assert.That(sent.LegalBasis, Is.EqualTo("untoc-art-16"));
        await Eventually.TrueAsync("Nigeria's signed delivery evidence in Austria", async () =>
            (await ledgerA.ListAsync(CrossBorderLedger.Received, CrossBorderJson.WireType(typeof(CrossBorderDeliveryEvidence)), CancellationToken.None))
                .Any(e => JsonSerializer.Deserialize<CrossBorderDeliveryEvidence>(e.Body, CrossBorderJson.Options)!.RequestId == requestId), TimeSpan.FromSeconds(30));

        // Nigeria surrenders the person sought only after the victim's safety is assessed and the victim notified.
        var refused = await nigeria.DecideAsync($"{path}/offender-movement", new { movement = "surrender", reasons = "Extradition granted by the Federal High Court." }, path,
            expected: HttpStatusCode.UnprocessableEntity);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString(), Is.EqualTo("surrender-needs-victim-safety-assessment"));
        await nigeria.DecideAsync($"{path}/victim-safety-assessments", new { caseId = victim, level = "high", reasons = "The network is active in her home town." }, path);
        await nigeria.DecideAsync($"{path}/victim-notifications", new { caseId = victim, movement = "surrender", through = "lawyer" }, path);
        await nigeria.DecideAsync($"{path}/offender-movement", new { movement = "surrender", reasons = "Extradition granted by the Federal High Court." }, path);

        // The notification reached Austria as a signed message and is recorded on Austria's request, for the victim's lawyer.
        using var austria = NodeA.Client("FocalPoint", "AT");
        var received = await Eventually.GetAsync("the victim's notification received in Austria", async () =>
        {
            var body = JsonDocument.Parse(await austria.GetStringAsync(path)).RootElement;
            return body.TryGetProperty("victimNotificationsReceived", out var n) && n.ValueKind == JsonValueKind.Array && n.GetArrayLength() > 0 ? n.Clone().ToString() : null;
        }, TimeSpan.FromSeconds(30));
        var notification = JsonDocument.Parse(received).RootElement.EnumerateArray().Single();
        Assert.That(notification.GetProperty("caseId").GetGuid(), Is.EqualTo(victim));
        Assert.That(notification.GetProperty("movement").GetString(), Is.EqualTo("surrender"));
        Assert.That(notification.GetProperty("through").GetString(), Is.EqualTo("lawyer"));
        Assert.That(notification.GetProperty("fromJurisdiction").GetString(), Is.EqualTo("NG"));

        var update = (await ledgerA.ListAsync(CrossBorderLedger.Received, CrossBorderJson.WireType(typeof(CrossBorderUpdate)), CancellationToken.None))
            .Select(e => JsonSerializer.Deserialize<CrossBorderUpdate>(e.Body, CrossBorderJson.Options)!).Single(u => u.RequestId == requestId);
        Assert.That(update.Update, Is.EqualTo("victim-notified"));
        Assert.That(update.Details, Does.Contain("movement:surrender").And.Contain("through:lawyer"));
        var history = (await austria.GetFromJsonAsync<JsonElement>($"{path}/history?purpose=audit")).EnumerateArray().ToList();
        var recorded = history.Where(h => h.GetProperty("reasons").GetString() is { } reasons && reasons.Contains("The victim notified of the offender's surrender by NG")).ToList();
        Assert.That(recorded, Has.Count.EqualTo(1), "recorded once");
        Assert.That(recorded[0].GetProperty("reasons").GetString(), Does.Contain("over the cross-border exchange").And.Contain("signature verified"));
    }
}
