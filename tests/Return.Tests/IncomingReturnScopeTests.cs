namespace TransnationalReferral.Return.Tests;

/// <summary>
/// A return to this country is seen by the focal point that coordinates the reception, its auditors and the
/// organisations the reception involves — not by every organisation of the jurisdiction (issue 16, item 5).
/// Two nodes linked only by the cross-border exchange, real RabbitMQ and PostgreSQL.
/// </summary>
[NonParallelizable]
public class IncomingReturnScopeTests : TwoReturnNodes
{
    private HttpClient Romanian(string role, string organisation) =>
        new HttpClient { BaseAddress = _ro.Address }.Authorize(role, "RO", organisation, $"{role}-{organisation}".ToLowerInvariant());

    private static async Task<bool> Lists(HttpClient client, string path, Guid requestId) =>
        (await client.GetAsync(path)) is { StatusCode: HttpStatusCode.OK } r && (await r.Content.ReadAsStringAsync()).Contains(requestId.ToString());

    [Test]
    public async Task An_incoming_return_reaches_only_the_focal_point_auditors_and_the_organisations_it_involves()
    {
        using var netherlands = _nl.Client("FocalPoint", "NL");
        using var romania = _ro.Client("FocalPoint", "RO");
        var (caseId, requestId) = await RequestReceptionAsync(netherlands);
        await ArrivesInRomaniaAsync(romania, caseId, requestId);
        var incoming = $"/api/return/incoming/{requestId}";

        using var otherProvider = Romanian("ServiceProvider", "ro-other-ngo");
        using var otherCaseWorker = Romanian("CaseWorker", "ro-other-ngo");
        using var receiving = Romanian("CaseWorker", "ro-anitp-iasi");
        using var auditor = Romanian("Auditor", "ro-rapporteur");

        // Before the reception is arranged, no organisation but the coordinating focal point (and auditors) sees it.
        foreach (var (who, client) in new[] { ("a provider of another organisation", otherProvider), ("a case worker of another organisation", otherCaseWorker), ("the future receiving organisation", receiving) })
        {
            Assert.That(await Lists(client, "/api/return/incoming", requestId), Is.False, $"{who}: not listed");
            Assert.That((await client.GetAsync(incoming)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{who}: not found");
        }
        foreach (var client in new[] { otherCaseWorker, receiving })
            Assert.That((await client.GetAsync($"{incoming}/history?purpose=return-and-reintegration")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no history (a provider's role reads no history at all: 403)");
        var refused = await otherCaseWorker.PostWithIfMatchAsync($"{incoming}/acknowledgement", new { }, "\"1\"");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a case worker of another organisation cannot act on it");
        Assert.That(await Lists(auditor, "/api/return/incoming", requestId), Is.True, "auditors see it");

        // The focal point arranges the reception with the organisation meeting the person: that organisation sees and acts on it.
        await Ok(romania, $"{incoming}/acknowledgement", new { });
        await Ok(romania, $"{incoming}/reception-arrangements", new { metBy = "ro-anitp-iasi", shelterOnArrival = true, onwardTransport = true });
        Assert.That(await Lists(receiving, "/api/return/incoming", requestId), Is.True, "the organisation meeting the person lists it");
        await Ok(receiving, $"{incoming}/arrival", new { });
        Assert.That(await Lists(otherProvider, "/api/return/incoming", requestId), Is.False, "still not another organisation");
        Assert.That((await otherProvider.GetAsync(incoming)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // The reintegration plan names the providers; the other organisation's provider still sees nothing, a named one does.
        await Ok(romania, $"{incoming}/reintegration-plan", new
        {
            goals = new[] { "housing" }, providers = new[] { "ro-provider-x" }, monitoringContacts = new[] { DateTimeOffset.UtcNow.AddDays(30) }, agreedWithPerson = true,
        });
        using var namedProvider = Romanian("ServiceProvider", "ro-provider-x");
        Assert.That(await Lists(namedProvider, "/api/return/incoming", requestId), Is.True, "a provider of the plan lists it");
        Assert.That(await Lists(namedProvider, "/api/return/monitoring/upcoming?withinDays=60", requestId), Is.True, "and its monitoring contacts");
        Assert.That(await Lists(otherProvider, "/api/return/monitoring/upcoming?withinDays=60", requestId), Is.False, "another organisation's provider sees no monitoring contact");
    }
}
