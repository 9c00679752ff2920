using TransnationalReferral.Contracts.Identification;
using Contract = TransnationalReferral.Contracts.Protection;

namespace TransnationalReferral.Protection.Tests;

/// <summary>
/// Witness relocation and continuity of protection between two national nodes that share nothing but the cross-border
/// exchange: the Netherlands' Protection service and Belgium's, each on its own RabbitMQ vhost (with the topology, users
/// and shovels of deploy/rabbitmq/crossborder.sh, route crossborder.inbox.protection) and its own database.
/// </summary>
[NonParallelizable]
public class ProtectionAcrossBordersTests() : TwoNodeFixture<ProtectionCase>("protection", "NL", "BE")
{
    private HttpClient _nlWorker = null!, _be = null!;
    private ProtectionApi _nl = null!;

    [OneTimeSetUp]
    public void Clients()
    {
        _nlWorker = NodeA.Client("CaseWorker", "NL");
        _be = NodeB.Client("FocalPoint", "BE");
        _nl = new ProtectionApi(NodeA.Host.Services, _nlWorker);
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        _nlWorker?.Dispose();
        _be?.Dispose();
    }

    private CrossBorderLedger LedgerOf(HostedService<ProtectionCase> node) => node.Host.Services.GetRequiredService<CrossBorderLedger>();

    private async Task<IReadOnlyList<CrossBorderRequest>> RequestsAsync(HostedService<ProtectionCase> node, string direction) =>
        (await LedgerOf(node).ListAsync(direction, "trm.crossborder.request.v1", CancellationToken.None))
            .Select(e => JsonSerializer.Deserialize<CrossBorderRequest>(e.Body, CrossBorderJson.Options)!).ToList();

    private async Task<JsonElement> IncomingAsync(Guid requestId) => (JsonElement)await Eventually.GetAsync($"request {requestId} in Belgium", async () =>
    {
        var response = await _be.GetAsync($"/api/protection/incoming-requests/{requestId}");
        return response.StatusCode == HttpStatusCode.OK ? (object)await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }, TimeSpan.FromSeconds(30));

    private Task<HttpResponseMessage> AnswerAsync(Guid requestId, string answer, object body) =>
        _be.DecideOnAsync($"/api/protection/incoming-requests/{requestId}", answer, body, expected: null);

    private async Task<Guid> AtRiskCaseAsync(params string[] consentTo)
    {
        var caseId = await _nl.EntitledCaseAsync(ChildStatuses.Adult, consentTo.Length == 0 ? Array.Empty<ConsentRecorded>() : new[] { Consent("cross-border-transfer", "person", consentTo) });
        await Ok(_nl.OnCaseAsync(caseId, "risk-assessments", new { level = "high", factors = new[] { "witness-intimidation" }, familyAtRisk = true }));
        return caseId;
    }

    private async Task<IReadOnlyList<JsonElement>> HistoryAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonElement>($"{path}/history?purpose=audit")).EnumerateArray().ToList();

    private async Task<long> RejectedAsync() =>
        await Broker.MessagesAsync(BusA.Name, CrossBorderTopology.InboxError) + await Broker.MessagesAsync(BusB.Name, CrossBorderTopology.InboxError);

    [Test]
    public async Task A_relocation_request_crosses_signed_is_recorded_once_in_the_partner_and_its_answers_come_back_to_the_case()
    {
        var caseId = await AtRiskCaseAsync("BE");
        await _nl.OnCaseAsync(caseId, "relocation-requests", new { toJurisdiction = "BE", forFamilyMembers = true, reasons = "Traffickers' network active near the shelter" }).CreatedAsync("requestId");
        var requestId = (await _nl.StateAsync(caseId))!.Value.GetProperty("relocations")[0].GetProperty("requestId").GetGuid();

        // Belgium's node: only the cross-border exchange connects the two vhosts.
        var incoming = await IncomingAsync(requestId);
        Assert.That(incoming.GetProperty("purpose").GetString(), Is.EqualTo("witness-relocation"));
        Assert.That(incoming.GetProperty("caseReference").GetGuid(), Is.EqualTo(caseId));
        Assert.That(incoming.GetProperty("fromJurisdiction").GetString(), Is.EqualTo("NL"));
        Assert.That(incoming.GetProperty("forFamilyMembers").GetBoolean(), Is.True);
        Assert.That(incoming.GetProperty("stage").GetString(), Is.EqualTo("received"));
        var listed = (await _be.GetFromJsonAsync<JsonElement>("/api/protection/incoming-requests?purpose=witness-relocation&stage=received")).EnumerateArray();
        Assert.That(listed.Count(r => r.GetProperty("id").GetGuid() == requestId), Is.EqualTo(1));
        var received = await HistoryAsync(_be, $"/api/protection/incoming-requests/{requestId}");
        Assert.That(received.Select(h => h.GetProperty("decision").GetString()), Is.EqualTo(new[] { "protection_request_received" }));
        Assert.That(received[0].GetProperty("reasons").GetString(), Does.Contain("from NL's node over the cross-border exchange").And.Contain("signature verified"));
        Assert.That(received[0].GetProperty("actorJurisdiction").GetString(), Is.EqualTo("BE"));
        Assert.That(received[0].GetProperty("correlationId").GetString(), Is.EqualTo(requestId.ToString("N")), "the originating request");

        // What crossed: codes and ids only, on the person's consent; the reasons stayed in the Netherlands.
        var sent = (await LedgerOf(NodeA).ListAsync(CrossBorderLedger.Sent, "trm.crossborder.request.v1", CancellationToken.None))
            .Single(e => JsonSerializer.Deserialize<CrossBorderRequest>(e.Body, CrossBorderJson.Options)!.RequestId == requestId);
        var request = JsonSerializer.Deserialize<CrossBorderRequest>(sent.Body, CrossBorderJson.Options)!;
        Assert.That((request.Purpose, request.Basis, request.ToJurisdiction), Is.EqualTo((CrossBorderPurposes.WitnessRelocation, TransferBases.Consent, "BE")));
        Assert.That(request.Questions, Is.EqualTo(new[] { "relocation", "for-family-members" }));
        Assert.That(System.Text.Encoding.UTF8.GetString(sent.Body), Does.Not.Contain("Traffickers"));

        // Belgium's focal point accepts, then reports the relocation arranged: each answer comes back signed and is recorded once.
        var nlCase = $"/api/protection/cases/{caseId}";
        await Ok(AnswerAsync(requestId, "acceptance", new { reasons = "Federal witness protection service agrees" }));
        await Eventually.TrueAsync("the acceptance on the Netherlands' case", async () =>
            (await _nl.StateAsync(caseId))!.Value.GetProperty("relocations")[0].GetProperty("status").GetString() == "accepted", TimeSpan.FromSeconds(30));
        Assert.That((await RefusedRule(AnswerAsync(requestId, "acceptance", new { }), HttpStatusCode.Conflict)), Is.EqualTo("partner-request-already-answered"));
        await Ok(AnswerAsync(requestId, "relocation-arranged", new { }));
        await Eventually.TrueAsync("the arranged relocation on the Netherlands' case", async () =>
            (await _nl.StateAsync(caseId))!.Value.GetProperty("relocations")[0].GetProperty("status").GetString() == "arranged", TimeSpan.FromSeconds(30));

        var answers = (await HistoryAsync(_nlWorker, nlCase)).Where(h => h.GetProperty("decision").GetString() == "relocation_answered").ToList();
        Assert.That(answers, Has.Count.EqualTo(2), "the acceptance and the outcome, each once");
        Assert.That(answers.Select(a => a.GetProperty("reasons").GetString()), Is.All.Contain("by BE's focal point"));
        Assert.That(answers[1].GetProperty("reasons").GetString(), Does.Contain("relocation arranged (signed outcome)"));
        var kept = (await LedgerOf(NodeA).ListAsync(CrossBorderLedger.Received, null, CancellationToken.None)).Select(e => e.Type).ToList();
        Assert.That(kept, Does.Contain("trm.crossborder.accepted.v1").And.Contain("trm.crossborder.outcome.v1").And.Contain("trm.crossborder.delivery-evidence.v1"));
        Assert.That(await RejectedAsync(), Is.Zero, "nothing rejected on either side");
    }

    [Test]
    public async Task A_request_sent_twice_has_one_effect_in_the_partner()
    {
        var caseId = await AtRiskCaseAsync("BE");
        await _nl.OnCaseAsync(caseId, "relocation-requests", new { toJurisdiction = "BE", forFamilyMembers = false, reasons = "Threats" }).CreatedAsync("requestId");
        var requestId = (await _nl.StateAsync(caseId))!.Value.GetProperty("relocations")[0].GetProperty("requestId").GetGuid();
        await IncomingAsync(requestId);

        // The Netherlands' bus delivers the same request again (a new message): a second signed copy crosses, Belgium records it once.
        await _nl.Publish(new Contract.RelocationRequested(caseId, requestId, "NL", "BE", false, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the second copy received in Belgium", async () =>
            (await RequestsAsync(NodeB, CrossBorderLedger.Received)).Count(r => r.RequestId == requestId) == 2, TimeSpan.FromSeconds(30));
        Assert.That((await HistoryAsync(_be, $"/api/protection/incoming-requests/{requestId}")).Select(h => h.GetProperty("decision").GetString()),
            Is.EqualTo(new[] { "protection_request_received" }));
        Assert.That((await _be.GetFromJsonAsync<JsonElement>("/api/protection/incoming-requests")).EnumerateArray().Count(r => r.GetProperty("id").GetGuid() == requestId), Is.EqualTo(1));

        // Declined with a reason code: recorded once on the case.
        await Ok(AnswerAsync(requestId, "decline", new { reasonCode = "capacity-unavailable", reasons = "No place in the programme this year" }));
        await Eventually.TrueAsync("the decline on the Netherlands' case", async () =>
            (await _nl.StateAsync(caseId))!.Value.GetProperty("relocations")[0].GetProperty("status").GetString() == "declined", TimeSpan.FromSeconds(30));
        Assert.That((await _nl.StateAsync(caseId))!.Value.GetProperty("relocations")[0].GetProperty("declineReason").GetString(), Is.EqualTo("capacity-unavailable"));
        Assert.That(await RejectedAsync(), Is.Zero);
    }

    [Test]
    public async Task Continuity_of_assistance_is_asked_of_the_destination_and_its_answer_recorded_on_the_case()
    {
        var caseId = await _nl.EntitledCaseAsync(ChildStatuses.Adult, Consent("cross-border-transfer", "person", "BE"));
        await _nl.OnCaseAsync(caseId, "continuity-requests", new { toJurisdiction = "BE", services = new[] { "safe-accommodation", "psychological" }, reasons = "Moving to her sister in Liège" }).CreatedAsync("requestId");
        var requestId = (await _nl.StateAsync(caseId))!.Value.GetProperty("continuityRequests")[0].GetProperty("requestId").GetGuid();

        var incoming = await IncomingAsync(requestId);
        Assert.That(incoming.GetProperty("purpose").GetString(), Is.EqualTo("protection-continuity"));
        Assert.That(incoming.GetProperty("services").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "safe-accommodation", "psychological" }));
        Assert.That((await HistoryAsync(_be, $"/api/protection/incoming-requests/{requestId}"))[0].GetProperty("reasons").GetString(), Does.Contain("from NL's node"));

        Assert.That(await RefusedRule(AnswerAsync(requestId, "acceptance", new { })), Is.EqualTo("continuity-services-provided"));
        await Ok(AnswerAsync(requestId, "acceptance", new { services = new[] { "psychological" } }));
        var answered = (JsonElement)await Eventually.GetAsync("the continuity answer on the Netherlands' case", async () =>
            (await _nl.StateAsync(caseId))!.Value.GetProperty("continuityRequests")[0] is var r && r.GetProperty("status").GetString() == "accepted" ? (object)r : null,
            TimeSpan.FromSeconds(30));
        Assert.That(answered.GetProperty("servicesProvided").EnumerateArray().Select(s => s.GetString()), Is.EqualTo(new[] { "psychological" }));
        var history = (await HistoryAsync(_nlWorker, $"/api/protection/cases/{caseId}")).Select(h => h.GetProperty("decision").GetString()).ToList();
        Assert.That(history.Count(d => d == "continuity_answered"), Is.EqualTo(1));
        Assert.That(await RejectedAsync(), Is.Zero);
    }

    [Test]
    public async Task Without_consent_or_to_a_country_of_claimed_protection_nothing_is_sent()
    {
        var caseId = await AtRiskCaseAsync();
        Assert.That(await RefusedRule(_nl.OnCaseAsync(caseId, "continuity-requests", new { toJurisdiction = "BE", services = new[] { "medical" }, reasons = "Moving" })),
            Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));

        var claimed = await AtRiskCaseAsync("BE");
        await _nl.Publish(new InternationalProtectionClaimed(claimed, "BE", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync("the claim noted", async () =>
            (await _nl.StateAsync(claimed))!.Value.GetProperty("protectionClaimedFrom") is { ValueKind: JsonValueKind.Array } c && c.GetArrayLength() == 1);
        Assert.That(await RefusedRule(_nl.OnCaseAsync(claimed, "continuity-requests", new { toJurisdiction = "BE", services = new[] { "medical" }, reasons = "Moving" })),
            Is.EqualTo("never-to-country-of-claimed-protection"));
        Assert.That(await RefusedRule(_nl.OnCaseAsync(claimed, "relocation-requests", new { toJurisdiction = "BE", forFamilyMembers = false, reasons = "Threats" })),
            Is.EqualTo("never-to-country-of-claimed-protection"));

        await Task.Delay(1000);
        Assert.That((await RequestsAsync(NodeA, CrossBorderLedger.Sent)).Where(r => r.CaseReference == caseId || r.CaseReference == claimed), Is.Empty, "nothing left the Netherlands");
        Assert.That((await RequestsAsync(NodeB, CrossBorderLedger.Received)).Where(r => r.CaseReference == caseId || r.CaseReference == claimed), Is.Empty, "nothing reached Belgium");
    }
}

/// <summary>Belgium does not answer a continuity request in time (a response time of a few seconds here): noted overdue on the Netherlands' case, once; a late answer still counts.</summary>
[NonParallelizable]
public class ProtectionRequestOverdueAcrossBordersTests() : TwoNodeFixture<ProtectionCase>("protection", "NL", "BE")
{
    protected override IReadOnlyDictionary<string, string?> NodeASettings => PartnerAnswersWithin("Protection:ContinuityResponseDays");

    [Test]
    public async Task An_unanswered_continuity_request_is_noted_overdue_on_the_case_once_and_a_late_answer_still_counts()
    {
        using var worker = NodeA.Client("CaseWorker", "NL");
        using var belgium = NodeB.Client("FocalPoint", "BE");
        var nl = new ProtectionApi(NodeA.Host.Services, worker);
        var caseId = await nl.EntitledCaseAsync(ChildStatuses.Adult, Consent("cross-border-transfer", "person", "BE"));
        await nl.OnCaseAsync(caseId, "continuity-requests", new { toJurisdiction = "BE", services = new[] { "medical" }, reasons = "Moving to Antwerp" }).CreatedAsync("requestId");
        var requestId = (await nl.StateAsync(caseId))!.Value.GetProperty("continuityRequests")[0].GetProperty("requestId").GetGuid();

        await Eventually.TrueAsync("the request noted overdue", async () =>
            (await nl.StateAsync(caseId))!.Value.GetProperty("continuityRequests")[0].GetProperty("overdueSince").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var history = (await worker.GetFromJsonAsync<JsonElement>($"/api/protection/cases/{caseId}/history?purpose=audit")).EnumerateArray().ToList();
        var overdue = history.Where(h => h.GetProperty("decision").GetString() == "partner_request_overdue").ToList();
        Assert.That(overdue, Has.Count.EqualTo(1), "noted once, however many passes of the deadline poller");
        Assert.That(overdue[0].GetProperty("reasons").GetString(), Does.Contain("No answer from BE's focal point to protection-continuity request"));

        // Belgium answers late: the answer is recorded all the same.
        await Eventually.TrueAsync("the request in Belgium", async () => (await belgium.GetAsync($"/api/protection/incoming-requests/{requestId}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        await belgium.DecideOnAsync($"/api/protection/incoming-requests/{requestId}", "acceptance", new { services = new[] { "medical" } });
        await Eventually.TrueAsync("the late answer on the case", async () =>
            (await nl.StateAsync(caseId))!.Value.GetProperty("continuityRequests")[0].GetProperty("status").GetString() == "accepted", TimeSpan.FromSeconds(30));
    }
}
