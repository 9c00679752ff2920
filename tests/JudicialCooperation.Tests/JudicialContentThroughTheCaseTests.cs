using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>
/// Judicial content reaches nobody through a case that the request endpoints would refuse, and a request names only
/// cases its drafter may see (issue 16, item 6). Over HTTP, real PostgreSQL and RabbitMQ.
/// </summary>
public class JudicialContentThroughTheCaseTests() : ServiceFixture<JudicialRequest>("judicial")
{
    private const string Ngo = "nl-ngo-a";
    private const string Prosecution = "nl-om";

    private HttpClient Client(string role, string organisation, string jurisdiction = "NL") =>
        new HttpClient { BaseAddress = Service.Address }.Authorize(role, jurisdiction, organisation, $"{role}-{organisation}".ToLowerInvariant());

    /// <summary>A case opened by the NGO in Identification, registered here; shared with the prosecution when asked.</summary>
    private async Task<Guid> CaseAsync(bool sharedWithProsecution)
    {
        var caseId = Guid.NewGuid();
        var publisher = Services.GetRequiredService<IBus>();
        await publisher.Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Ngo, "female", "18-24", ChildStatuses.Adult, DateTimeOffset.UtcNow, Ngo));
        using var owner = Client("CaseWorker", Ngo);
        await Eventually.TrueAsync("the case registered", async () => (await owner.GetAsync($"/api/judicial/cases/{caseId}")).StatusCode == HttpStatusCode.OK);
        if (sharedWithProsecution)
        {
            await publisher.Publish(new CaseShared(caseId, Guid.NewGuid(), null, Prosecution, "criminal-proceedings", DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow));
            using var prosecutor = Client("JudicialOfficer", Prosecution);
            await Eventually.TrueAsync("the share registered", async () => (await prosecutor.GetAsync($"/api/judicial/cases/{caseId}")).StatusCode == HttpStatusCode.OK);
        }
        return caseId;
    }

    private static object DraftFor(Guid caseId, string role = "victim-witness") =>
        new { type = "mla-video-testimony", counterpartJurisdiction = "RO", urgent = false, persons = new[] { new { caseId, role } }, reasons = "Testimony of the victim" };

    private static async Task<IReadOnlyList<Guid>> RelatedStreamsInHistory(HttpClient client, Guid caseId)
    {
        var history = await client.GetAsync($"/api/judicial/cases/{caseId}/history?purpose=criminal-proceedings");
        Assert.That(history.StatusCode, Is.EqualTo(HttpStatusCode.OK), await history.Content.ReadAsStringAsync());
        return (await history.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Where(e => e.TryGetProperty("relatedStream", out var s) && s.ValueKind == JsonValueKind.String).Select(e => e.GetProperty("relatedStream").GetGuid()).Distinct().ToList();
    }

    private static async Task<IReadOnlyList<Guid>> RelatedStreamsInExport(HttpClient client, Guid caseId)
    {
        var export = await client.GetAsync($"/api/judicial/cases/{caseId}/export?purpose=criminal-proceedings");
        Assert.That(export.StatusCode, Is.EqualTo(HttpStatusCode.OK), await export.Content.ReadAsStringAsync());
        var body = await export.Content.ReadFromJsonAsync<JsonElement>();
        return body.TryGetProperty("related", out var related) && related.ValueKind == JsonValueKind.Array
            ? related.EnumerateArray().Select(r => r.GetProperty("streamId").GetGuid()).ToList() : [];
    }

    [Test]
    public async Task A_case_history_and_export_carry_judicial_requests_only_for_the_roles_the_request_endpoints_allow()
    {
        var caseId = await CaseAsync(sharedWithProsecution: true);
        using var prosecutor = Client("JudicialOfficer", Prosecution);
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", DraftFor(caseId));
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var requestId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();

        // The NGO's case worker holds the case and reads its history and export — but the request endpoints refuse its role.
        using var caseWorker = Client("CaseWorker", Ngo);
        Assert.That((await caseWorker.GetAsync($"/api/judicial/requests/{requestId}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the request endpoint refuses the role");
        Assert.That(await RelatedStreamsInHistory(caseWorker, caseId), Does.Not.Contain(requestId), "nor does the case's history carry the request to it");
        Assert.That(await RelatedStreamsInExport(caseWorker, caseId), Does.Not.Contain(requestId), "nor does the case's export");
        Assert.That(await caseWorker.GetStringAsync($"/api/judicial/cases/{caseId}/history?purpose=criminal-proceedings"), Does.Not.Contain("Testimony of the victim"), "no reasons of the request either");

        // A legal-aid lawyer: the same (the case reaches the role, judicial requests do not).
        using var lawyer = Client("LegalAidLawyer", Ngo);
        Assert.That(await RelatedStreamsInHistory(lawyer, caseId), Does.Not.Contain(requestId));

        // Positive control: the roles the request endpoints allow see the request through the case as well.
        using var focalPoint = Client("FocalPoint", "nl-focal-point");
        Assert.That((await focalPoint.GetAsync($"/api/judicial/requests/{requestId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await RelatedStreamsInHistory(focalPoint, caseId), Does.Contain(requestId));
        Assert.That(await RelatedStreamsInExport(focalPoint, caseId), Does.Contain(requestId));
        Assert.That(await RelatedStreamsInHistory(prosecutor, caseId), Does.Contain(requestId));
    }

    private static async Task<string> Problem(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return string.Join("|", new[] { "type", "title", "status", "detail" }.Select(p => body.TryGetProperty(p, out var v) ? v.ToString() : ""));
    }

    [Test]
    public async Task Drafting_a_judicial_request_for_a_case_the_caller_may_not_see_is_404_as_for_an_unknown_case()
    {
        var unshared = await CaseAsync(sharedWithProsecution: false);
        using var prosecutor = Client("JudicialOfficer", Prosecution);
        var before = (await prosecutor.GetFromJsonAsync<JsonElement>("/api/judicial/requests")).GetArrayLength();

        var refused = await prosecutor.PostAsJsonAsync("/api/judicial/requests", DraftFor(unshared));
        var unknown = await prosecutor.PostAsJsonAsync("/api/judicial/requests", DraftFor(Guid.NewGuid()));
        var asAccused = await prosecutor.PostAsJsonAsync("/api/judicial/requests", DraftFor(unshared, "accused"));
        using var foreign = Client("JudicialOfficer", "be-parquet", "BE");
        var fromAbroad = await foreign.PostAsJsonAsync("/api/judicial/requests", DraftFor(unshared));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await refused.Content.ReadAsStringAsync());
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an unknown victim case");
        Assert.That(asAccused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "naming the case under another role changes nothing");
        Assert.That(fromAbroad.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another jurisdiction");
        Assert.That(await Problem(refused), Is.EqualTo(await Problem(unknown)), "the caller learns nothing about the case: the same answer as for an unknown one");
        Assert.That((await prosecutor.GetFromJsonAsync<JsonElement>("/api/judicial/requests")).GetArrayLength(), Is.EqualTo(before), "no request was drafted");

        // Once the case is shared with the prosecution, the same draft is accepted.
        var shared = await CaseAsync(sharedWithProsecution: true);
        Assert.That((await prosecutor.PostAsJsonAsync("/api/judicial/requests", DraftFor(shared))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }
}
