using Marten;
using TransnationalReferral.Contracts.Identification;
using Contract = TransnationalReferral.Contracts.JudicialCooperation;
using Remedies = TransnationalReferral.Contracts.Remedies;

namespace TransnationalReferral.JudicialCooperation.Tests;

/// <summary>
/// Every form of judicial cooperation between two nodes that share nothing but the signed exchange (Austria and Nigeria:
/// own databases, own vhosts with deploy/rabbitmq/crossborder.sh's topology): police cooperation, transfer of proceedings,
/// joint investigation teams, spontaneous information and requests to return proceeds each leave Austria's API signed
/// through the same gates, arrive registered in Nigeria, and Nigeria's answer is recorded once on Austria's side (a
/// redelivered or replayed copy has no second effect); the claimed-protection gate refuses each to the country the person
/// claims protection from.
/// </summary>
[NonParallelizable]
public class CooperationFormsAcrossBordersTests() : TwoNodeFixture<JudicialRequest>("judicial", "AT", "NG")
{
    [Test]
    public async Task A_police_cooperation_request_crosses_and_its_answers_are_recorded_once_on_the_requesting_node()
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var path = await DraftAndSendAsync(prosecutor, "police-cooperation");
        using var nigeria = NodeB.Client("JudicialOfficer", "NG");
        var registered = await nigeria.WhenFoundAsync("Austria's police cooperation request registered in Nigeria", path);
        Assert.That((registered.GetProperty("direction").GetString(), registered.GetProperty("type").GetString(), registered.GetProperty("counterpart").GetString()),
            Is.EqualTo(("incoming", "police-cooperation", "AT")));
        Assert.That((await SentRequestAsync(path)).LegalBasis, Is.EqualTo("untoc-art-27"));

        using var austria = NodeA.Client("JudicialOfficer", "AT");
        await nigeria.DecideAsync($"{path}/acknowledgement", new { }, path);
        await StageAsync(austria, path, "acknowledged"); // (each answer crosses on its own: one that arrives after a later one tells nothing new)
        await nigeria.DecideAsync($"{path}/execution", new { }, path);
        await nigeria.DecideAsync($"{path}/completion", new { partially = true, reasons = "Two of three persons located." }, path);
        await StageAsync(austria, path, "partially-executed");

        await ReplayedIsRejectedAsync(typeof(CrossBorderOutcome), path);
        var history = await HistoryAsync(austria, path);
        Assert.That(history.Count(h => h.Contains("partially-executed by NG")), Is.EqualTo(1), "the outcome recorded once");
        Assert.That(history.Count(h => h.Contains("Acknowledged by NG")), Is.EqualTo(1));
    }

    [Test]
    public async Task A_transfer_of_proceedings_crosses_with_its_forum_criteria_and_a_final_judgment_in_the_requested_state_declines_it()
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var path = await DraftAsync(prosecutor, "transfer-of-proceedings");
        var unsent = await prosecutor.DecideAsync($"{path}/sending", new { }, path, expected: HttpStatusCode.UnprocessableEntity);
        Assert.That(await RuleAsync(unsent), Is.EqualTo("transfer-of-proceedings-needs-forum-criteria"));
        var barred = await prosecutor.DecideAsync($"{path}/forum-criteria", new { criteria = new[] { "offender-nationality" }, finalJudgmentForSameActs = true, reasons = "Judged in Nigeria." }, path,
            expected: HttpStatusCode.UnprocessableEntity);
        Assert.That(await RuleAsync(barred), Is.EqualTo("transfer-of-proceedings-ne-bis-in-idem"));
        await prosecutor.DecideAsync($"{path}/forum-criteria", new { criteria = new[] { "offender-presence", "offender-nationality" }, reasons = "The accused is a Nigerian national living in Lagos." }, path);
        await prosecutor.DecideAsync($"{path}/sending", new { }, path);

        using var nigeria = NodeB.Client("JudicialOfficer", "NG");
        var registered = await nigeria.WhenFoundAsync("Austria's transfer of proceedings registered in Nigeria", path);
        Assert.That(registered.GetProperty("type").GetString(), Is.EqualTo("transfer-of-proceedings"));
        Assert.That(registered.GetProperty("forumCriteria").EnumerateArray().Select(c => c.GetString()), Is.EquivalentTo(new[] { "offender-nationality", "offender-presence" }),
            "the requesting state's forum criteria crossed with the request");
        Assert.That((await SentRequestAsync(path)).LegalBasis, Is.EqualTo("untoc-art-21"));

        // Nigeria already judged the same acts: it cannot accept, only decline with the reason code ne-bis-in-idem.
        await nigeria.DecideAsync($"{path}/acknowledgement", new { }, path);
        await nigeria.DecideAsync($"{path}/forum-criteria", new { criteria = new[] { "offence-committed" }, finalJudgmentForSameActs = true, reasons = "Final judgment of the Lagos High Court, 2024." }, path);
        var accepted = await nigeria.DecideAsync($"{path}/execution", new { }, path, expected: HttpStatusCode.UnprocessableEntity);
        Assert.That(await RuleAsync(accepted), Is.EqualTo("transfer-of-proceedings-ne-bis-in-idem"));
        await nigeria.DecideAsync($"{path}/refusal", new { grounds = "ne-bis-in-idem", reasons = "Final judgment of the Lagos High Court, 2024." }, path);

        using var austria = NodeA.Client("JudicialOfficer", "AT");
        var refused = await StageAsync(austria, path, "refused");
        Assert.That(refused.GetProperty("refusal").GetString(), Is.EqualTo("ne-bis-in-idem"), "the reason code crossed");
        await ReplayedIsRejectedAsync(typeof(CrossBorderDeclined), path);
        Assert.That((await HistoryAsync(austria, path)).Count(h => h.Contains("on the grounds 'ne-bis-in-idem'")), Is.EqualTo(1), "recorded once");
    }

    [Test]
    public async Task A_joint_investigation_teams_membership_and_sharing_log_cross_both_ways_and_are_recorded_once()
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var path = await DraftAndSendAsync(prosecutor, "joint-investigation-team");
        using var nigeria = NodeB.Client("JudicialOfficer", "NG");
        await nigeria.WhenFoundAsync("Austria's joint investigation team request registered in Nigeria", path);
        Assert.That((await SentRequestAsync(path)).LegalBasis, Is.EqualTo("untoc-art-19"));
        await nigeria.DecideAsync($"{path}/acknowledgement", new { }, path);
        await nigeria.DecideAsync($"{path}/joint-investigation-team", new { memberJurisdictions = Array.Empty<string>(), memberOrganisations = new[] { "ng-naptip", "at-bk" }, reasons = "Agreement signed." }, path);

        // Nigeria's membership reached Austria, with both states and the organisations.
        using var austria = NodeA.Client("JudicialOfficer", "AT");
        var team = await WhenAsync("the team recorded in Austria", async () =>
        {
            var body = JsonDocument.Parse(await austria.GetStringAsync(path)).RootElement;
            return body.TryGetProperty("jitMembers", out var m) && m.ValueKind == JsonValueKind.Array ? body.Clone() : (JsonElement?)null;
        });
        Assert.That(team.GetProperty("jitMembers").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(new[] { "AT", "NG" }));
        Assert.That(team.GetProperty("jitOrganisations").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(new[] { "at-bk", "ng-naptip" }));

        // A sharing outside the team is refused; Austria's entry reaches Nigeria, Nigeria's reaches Austria, each once.
        var outside = await austria.DecideAsync($"{path}/joint-investigation-team/sharing-log", new { fromMember = "at-bk", toMember = "europol", category = "financial-records", handlingCode = "purpose-only" }, path,
            expected: HttpStatusCode.UnprocessableEntity);
        Assert.That(await RuleAsync(outside), Is.EqualTo("jit-sharing-only-between-members"));
        await austria.DecideAsync($"{path}/joint-investigation-team/sharing-log", new { fromMember = "at-bk", toMember = "ng-naptip", category = "financial-records", handlingCode = "no-onward-sharing" }, path);
        await nigeria.DecideAsync($"{path}/joint-investigation-team/sharing-log", new { fromMember = "NG", toMember = "AT", category = "phone-extractions", handlingCode = "purpose-only" }, path);

        foreach (var (client, node) in new[] { (austria, "Austria"), (nigeria, "Nigeria") })
        {
            var log = await WhenAsync($"both entries in {node}'s log", async () =>
            {
                var body = JsonDocument.Parse(await client.GetStringAsync(path)).RootElement;
                return body.TryGetProperty("jitSharingLog", out var l) && l.ValueKind == JsonValueKind.Array && l.GetArrayLength() == 2 ? l.Clone() : (JsonElement?)null;
            });
            var entries = log.EnumerateArray().ToDictionary(e => e.GetProperty("category").GetString()!);
            Assert.That(entries["financial-records"].GetProperty("recordedIn").GetString(), Is.EqualTo("AT"));
            Assert.That(entries["financial-records"].GetProperty("handlingCode").GetString(), Is.EqualTo("no-onward-sharing"));
            Assert.That(entries["phone-extractions"].GetProperty("recordedIn").GetString(), Is.EqualTo("NG"));
        }

        // Austria's update again (a replay on Nigeria's inbound link): rejected, the log unchanged.
        var ledgerA = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        var update = (await ledgerA.ListForRequestAsync(IdOf(path), CancellationToken.None)).Single(e => e.Direction == CrossBorderLedger.Sent && e.Type == CrossBorderJson.WireType(typeof(CrossBorderUpdate)));
        await ReplayAsync(update.Envelope("AT"), "AT", "NG", BusB, CrossBorderPurposes.JointInvestigation);
        await RejectedAsReplayedAsync(BusB, update.MessageId);
        Assert.That((await HistoryAsync(nigeria, path)).Count(h => h.Contains("Information sharing in the joint investigation team logged by AT")), Is.EqualTo(1), "recorded once");
        Assert.That(JsonDocument.Parse(await nigeria.GetStringAsync(path)).RootElement.GetProperty("jitSharingLog").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task Spontaneous_information_crosses_one_way_is_registered_once_and_its_acknowledgement_comes_back()
    {
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        var caseId = await KnownCases.OpenAsync(NodeA, "AT");
        var cases = $"/api/judicial/cases/{caseId}";
        var noBasis = await prosecutor.DecideAsync($"{cases}/spontaneous-information", new { toJurisdiction = "NG", category = "trafficking-route", handlingCode = "purpose-only", legalBasis = "", reasons = "Route via Lagos." },
            expected: HttpStatusCode.UnprocessableEntity);
        Assert.That(await RuleAsync(noBasis), Is.EqualTo("spontaneous-information-needs-legal-basis"));
        var national = await prosecutor.DecideAsync($"{cases}/spontaneous-information", new { toJurisdiction = "NG", category = "trafficking-route", handlingCode = "national-only", legalBasis = "untoc-art-18-4", reasons = "Route via Lagos." },
            expected: HttpStatusCode.UnprocessableEntity);
        Assert.That(await RuleAsync(national), Is.EqualTo("spontaneous-information-handling-code"));
        var created = await prosecutor.DecideAsync($"{cases}/spontaneous-information", new { toJurisdiction = "NG", category = "trafficking-route", handlingCode = "purpose-only", legalBasis = "untoc-art-18-4", reasons = "Route via Lagos." },
            expected: HttpStatusCode.Created);
        var informationId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("informationId").GetGuid();

        using var nigeria = NodeB.Client("FocalPoint", "NG");
        var received = $"/api/judicial/received-information/{informationId}";
        var information = await nigeria.WhenFoundAsync("the information registered in Nigeria", received);
        Assert.That((information.GetProperty("fromJurisdiction").GetString(), information.GetProperty("category").GetString(), information.GetProperty("handlingCode").GetString(),
            information.GetProperty("legalBasis").GetString(), information.GetProperty("caseReference").GetGuid()), Is.EqualTo(("AT", "trafficking-route", "purpose-only", "untoc-art-18-4", caseId)));
        await nigeria.DecideAsync($"{received}/acknowledgement", new { }, received);

        var sent = $"{cases}/spontaneous-information/{informationId}";
        await Eventually.TrueAsync("Nigeria's acknowledgement recorded in Austria", async () =>
            (await prosecutor.GetFromJsonAsync<JsonElement>(sent)).TryGetProperty("acknowledgedAt", out var at) && at.ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30));
        Assert.That((await HistoryAsync(prosecutor, cases)).Count(h => h.Contains($"Information {informationId} acknowledged by NG")), Is.EqualTo(1));

        // The transmission again (a replay on Nigeria's inbound link): rejected, registered once.
        var ledgerA = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        var request = await ledgerA.FindRequestAsync(CrossBorderLedger.Sent, informationId, CancellationToken.None);
        await ReplayAsync(request!.Envelope("AT"), "AT", "NG", BusB, CrossBorderPurposes.SpontaneousInformation);
        await RejectedAsReplayedAsync(BusB, request.MessageId);
        await using var query = NodeB.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.That((await query.Events.FetchStreamAsync(informationId)).Select(e => e.Data.GetType().Name),
            Is.EqualTo(new[] { nameof(SpontaneousInformationReceived), nameof(ReceivedInformationAcknowledged) }), "registered and acknowledged, once each");
    }

    [Test]
    public async Task A_request_to_return_proceeds_crosses_and_its_answer_is_recorded_once_on_the_requesting_node()
    {
        var caseId = await KnownCases.OpenAsync(NodeA, "AT");
        var requestId = Guid.NewGuid();
        // Austria's Remedies asks Nigeria (its bus event, as Remedies publishes it).
        await NodeA.Host.Services.GetRequiredService<IBus>().Publish(new Remedies.ProceedsReturnRequested(requestId, caseId, "AT", "NG", 5000m, "EUR", DateTimeOffset.UtcNow));

        using var nigeria = NodeB.Client("JudicialOfficer", "NG");
        var path = $"/api/judicial/proceeds-returns/{requestId}";
        var registered = await nigeria.WhenFoundAsync("the request to return proceeds registered in Nigeria", path);
        Assert.That(registered.GetProperty("requestingJurisdiction").GetString(), Is.EqualTo("AT"));
        Assert.That(registered.GetProperty("amount").GetProperty("amount").GetDecimal(), Is.EqualTo(5000m));
        await nigeria.DecideAsync($"{path}/answer", new { outcome = "partly-granted", amount = 2000m, currency = "EUR", reasons = "Part of the confiscated funds remain under appeal." }, path);

        using var austria = NodeA.Client("JudicialOfficer", "AT");
        var cases = $"/api/judicial/cases/{caseId}";
        var answer = await WhenAsync("Nigeria's answer on Austria's judicial file", async () =>
        {
            var body = await austria.GetFromJsonAsync<JsonElement>(cases);
            return body.TryGetProperty("proceedsReturnAnswers", out var a) && a.ValueKind == JsonValueKind.Array && a.GetArrayLength() > 0 ? a[0].Clone() : (JsonElement?)null;
        });
        Assert.That(answer.GetProperty("outcome").GetString(), Is.EqualTo("partly-granted"));
        Assert.That(answer.GetProperty("returned").GetProperty("amount").GetDecimal(), Is.EqualTo(2000m));
        Assert.That(answer.GetProperty("fromJurisdiction").GetString(), Is.EqualTo("NG"));

        var ledgerA = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        Assert.That((await ledgerA.FindRequestAsync(CrossBorderLedger.Sent, requestId, CancellationToken.None)) is { } sent
            && JsonSerializer.Deserialize<CrossBorderRequest>(sent.Body, CrossBorderJson.Options)!.Purpose == CrossBorderPurposes.ProceedsReturn, Is.True, "signed, purpose proceeds-return");
        var outcome = (await ledgerA.ListForRequestAsync(requestId, CancellationToken.None)).Single(e => e.Type == CrossBorderJson.WireType(typeof(CrossBorderOutcome)));
        await ReplayAsync(outcome.Envelope("AT"), "NG", "AT", BusA, CrossBorderPurposes.ProceedsReturn);
        await RejectedAsReplayedAsync(BusA, outcome.MessageId);
        Assert.That((await HistoryAsync(austria, cases)).Count(h => h.Contains($"Request to return proceeds {requestId} partly-granted by NG")), Is.EqualTo(1), "recorded once");
    }

    [Test]
    public async Task The_claimed_protection_gate_refuses_every_form_to_the_country_the_person_claims_protection_from()
    {
        var victim = await KnownCases.OpenAsync(NodeA, "AT");
        await NodeA.Host.Services.GetRequiredService<IBus>().Publish(new InternationalProtectionClaimed(victim, "NG", DateTimeOffset.UtcNow));
        using var prosecutor = NodeA.Client("JudicialOfficer", "AT");
        await Eventually.TrueAsync("the claim noted on the judicial file", async () =>
            (await prosecutor.GetFromJsonAsync<JsonElement>($"/api/judicial/cases/{victim}")).TryGetProperty("protectionClaimedFrom", out var c)
            && c.ValueKind == JsonValueKind.Array && c.EnumerateArray().Any(x => x.GetString() == "NG"), TimeSpan.FromSeconds(30));

        // At the decision.
        var spontaneous = await prosecutor.DecideAsync($"/api/judicial/cases/{victim}/spontaneous-information",
            new { toJurisdiction = "NG", category = "trafficking-route", handlingCode = "purpose-only", legalBasis = "untoc-art-18-4", reasons = "Route via Lagos." }, expected: HttpStatusCode.UnprocessableEntity);
        Assert.That(await RuleAsync(spontaneous), Is.EqualTo("never-to-country-of-claimed-protection"));

        // At the border: each form's bus event, whoever published it, does not cross.
        var bus = NodeA.Host.Services.GetRequiredService<IBus>();
        var slipped = new Dictionary<Guid, string>();
        foreach (var type in new[] { "joint-investigation-team", "transfer-of-proceedings", "police-cooperation" })
        {
            var id = Guid.NewGuid();
            slipped[id] = type;
            await bus.Publish(new Contract.JudicialRequestSent(id, type, "AT", "NG", false, DateTimeOffset.UtcNow.AddDays(90),
                [new Contract.PersonConcerned(Guid.NewGuid(), "suspect"), new Contract.PersonConcerned(victim, "victim")], [], DateTimeOffset.UtcNow));
        }
        var proceeds = Guid.NewGuid();
        await bus.Publish(new Remedies.ProceedsReturnRequested(proceeds, victim, "AT", "NG", 1000m, "EUR", DateTimeOffset.UtcNow));

        var faults = new List<string>();
        await Eventually.TrueAsync("every form refused at the border, in the crossings' error queues", async () =>
        {
            foreach (var suffix in new[] { "mutual-legal-assistance-crossing-border_error", "proceeds-return-crossing-border_error" })
                if (await ErrorQueueAsync(suffix) is { } queue)
                    try
                    {
                        faults.AddRange((await Broker.DrainAsync(BusA.Name, queue)).Select(f => f.Properties.ToString()));
                    }
                    catch (HttpRequestException)
                    {
                        // (a queue MassTransit is still declaring answers 400 for a moment)
                    }
            return faults.Count >= 4;
        }, TimeSpan.FromSeconds(30));
        foreach (var id in slipped.Keys.Append(proceeds))
            Assert.That(faults.Single(f => f.Contains(id.ToString())), Does.Contain("never-to-country-of-claimed-protection"), $"{(slipped.TryGetValue(id, out var t) ? t : "proceeds-return")} refused");

        var ledger = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        var sent = await ledger.ListAsync(CrossBorderLedger.Sent, CrossBorderJson.WireType(typeof(CrossBorderRequest)), CancellationToken.None);
        Assert.That(sent.Select(e => JsonSerializer.Deserialize<CrossBorderRequest>(e.Body, CrossBorderJson.Options)!.CaseReference), Has.No.Member(victim), "nothing about her left Austria");
    }

    private static Guid IdOf(string path) => Guid.Parse(path[(path.LastIndexOf('/') + 1)..]);

    private static async Task<string> DraftAsync(HttpClient prosecutor, string type)
    {
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new { type, counterpartJurisdiction = "NG", urgent = false,
            persons = new[] { new { caseId = Guid.NewGuid(), role = "suspect" } } });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        return $"/api/judicial/requests/{(await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid()}";
    }

    private static async Task<string> DraftAndSendAsync(HttpClient prosecutor, string type)
    {
        var path = await DraftAsync(prosecutor, type);
        await prosecutor.DecideAsync($"{path}/sending", new { }, path);
        return path;
    }

    private async Task<CrossBorderRequest> SentRequestAsync(string path)
    {
        var sent = await NodeA.Host.Services.GetRequiredService<CrossBorderLedger>().FindRequestAsync(CrossBorderLedger.Sent, IdOf(path), CancellationToken.None);
        Assert.That(sent, Is.Not.Null, "the request left Austria signed");
        return JsonSerializer.Deserialize<CrossBorderRequest>(sent!.Body, CrossBorderJson.Options)!;
    }

    private static async Task<JsonElement> StageAsync(HttpClient client, string path, string stage) =>
        await WhenAsync($"the request {stage} in Austria", async () =>
        {
            var body = JsonDocument.Parse(await client.GetStringAsync(path)).RootElement;
            return body.GetProperty("stage").GetString() == stage ? body.Clone() : (JsonElement?)null;
        });

    private static async Task<string?> RuleAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString();

    private static async Task<IReadOnlyList<string>> HistoryAsync(HttpClient client, string path) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"{path}/history?purpose=audit")).EnumerateArray().Select(h => h.GetProperty("reasons").GetString() ?? "")];

    /// <summary>Node a's received answer of <paramref name="type"/> on the request sent again over its inbound link: rejected as replayed.</summary>
    private async Task ReplayedIsRejectedAsync(Type type, string path)
    {
        var ledgerA = NodeA.Host.Services.GetRequiredService<CrossBorderLedger>();
        var answer = (await ledgerA.ListForRequestAsync(IdOf(path), CancellationToken.None)).Single(e => e.Direction == CrossBorderLedger.Received && e.Type == CrossBorderJson.WireType(type));
        await ReplayAsync(answer.Envelope("AT"), "NG", "AT", BusA, (await SentRequestAsync(path)).Purpose);
        await RejectedAsReplayedAsync(BusA, answer.MessageId);
    }

    /// <summary>The signed message again on <paramref name="to"/>'s inbound exchange for <paramref name="from"/>, as that partner's link user.</summary>
    private async Task ReplayAsync(CrossBorderEnvelope envelope, string from, string to, TestVirtualHost bus, string purpose)
    {
        await using var link = await new RabbitMQ.Client.ConnectionFactory { Uri = Broker.UserUri($"{Prefix(to.ToLowerInvariant())}-partner-{from.ToLowerInvariant()}", bus.Name) }.CreateConnectionAsync();
        await using var channel = await link.CreateChannelAsync();
        var properties = new RabbitMQ.Client.BasicProperties
        {
            MessageId = envelope.MessageId.ToString("D"), Type = envelope.Type, ContentType = "application/json", Persistent = true,
            Headers = new Dictionary<string, object?>
            {
                [CrossBorderEnvelope.FromHeader] = from, [CrossBorderEnvelope.ToHeader] = to, [CrossBorderEnvelope.SentAtHeader] = envelope.SentAt,
                [CrossBorderEnvelope.SignatureHeader] = envelope.Signature, [CrossBorderTopology.PurposeHeader] = purpose,
            },
        };
        await channel.BasicPublishAsync(CrossBorderTopology.InFromPartner(from), "", true, properties, envelope.Body);
    }

    private async Task RejectedAsReplayedAsync(TestVirtualHost bus, Guid messageId)
    {
        var rejected = await WhenAsync("the copy rejected as replayed", async () =>
            (await Broker.DrainAsync(bus.Name, CrossBorderTopology.InboxError)).FirstOrDefault(m => m.Properties.GetProperty("message_id").GetString() == messageId.ToString("D")) is { Body: not null } m
                ? m.Properties.Clone() : (JsonElement?)null);
        Assert.That(rejected.GetProperty("headers").GetProperty(CrossBorderEnvelope.RejectionHeader).GetString(), Is.EqualTo("replayed"));
    }

    /// <summary>Probes until it finds something (within 30 s), for what arrives over the exchange.</summary>
    private static async Task<JsonElement> WhenAsync(string what, Func<Task<JsonElement?>> probe) =>
        JsonDocument.Parse(await Eventually.GetAsync(what, async () => await probe() is { } found ? found.GetRawText() : null, TimeSpan.FromSeconds(30))).RootElement;
}
