using System.Security.Cryptography;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using TransnationalReferral.Contracts.CrossBorder;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using static TransnationalReferral.EndToEnd.Tests.ScriptedDecisions;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The transnational exchange issue's scenario across two whole nodes — Austria (destination) and Nigeria (origin),
/// each with its five services, its gateway, its databases, its vhost and its key, linked only by the cross-border
/// exchange: identified in Austria → consent to transfer → reception requested → Nigeria acknowledges (signed evidence)
/// and arranges the reception → departure → arrival confirmed in Nigeria → reintegration monitoring in Nigeria →
/// compensation paid in Austria after the return → a mutual legal assistance request from Austria for the video testimony
/// of the person now in Nigeria (sent while the link is down: it waits, and arrives once the link is back). Her return is
/// coordinated with the prosecution (a victim-witness departs only once the prosecutor's coordination is recorded, and the
/// judicial file then reaches her through Nigeria's focal point); Nigeria asks Austria to extradite her recruiter, who is
/// surrendered only after she is notified through Nigeria's focal point; Nigeria's request about a courier whom Austria
/// recognised as a victim (the same passport, matched by keyed hashes under the two nodes' bilateral key) is held in
/// Austria for the non-punishment review. Each step that needs someone is told by e-mail
/// (a real SMTP server) or signed webhook (a receiver verifying Standard Webhooks signatures), ids and links only. Plus
/// what must not cross: a transfer without consent, a return to a country the person claims protection from, a forged
/// message, a partner reading what is not its own.
/// </summary>
[NonParallelizable]
public class TransnationalScenarioTests
{
    private TwoCountries _countries = null!;
    private Node Austria => _countries.NodeA;
    private Node Nigeria => _countries.NodeB;

    private static readonly object Informed = new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "en" };

    private SmtpTestServer _smtp = null!;
    private WebhookReceiver _webhooks = null!;
    private const string PublicBaseUrl = "https://trm.test";

    /// <summary>What each node's people are told, by e-mail or signed webhook: ids and links only.</summary>
    private static readonly string[] Kinds = ["partner-request-received", "partner-answer-received", "victim-notification-duty", "non-punishment-review-required"];

    [OneTimeSetUp]
    public async Task Start()
    {
        _smtp = await SmtpTestServer.StartAsync();
        _webhooks = await WebhookReceiver.StartAsync();
        _countries = await TwoCountries.StartAsync("AT", "NG", new Dictionary<string, string?>(_smtp.Settings())
        {
            ["Return:MinimumReflectionDays"] = "0",
            ["Notifications:PublicBaseUrl"] = PublicBaseUrl,
            ["Notifications:AllowHttpWebhooks"] = "true",
            ["Notifications:PollInterval"] = "00:00:00.200",
        });
        // Each node's focal point by e-mail, each node's prosecutors by a signed webhook to their case system.
        using (var austria = AustrianFocalPoint()) await SubscribeAsync(austria, "FocalPoint", email: "focal-point@at.example");
        using (var nigeria = NigerianFocalPoint()) await SubscribeAsync(nigeria, "FocalPoint", email: "naptip@ng.example");
        using (var austria = Austria.Client("JudicialOfficer", "AT", "at-prosecution-vienna", "at-prosecutor-2")) await SubscribeAsync(austria, "JudicialOfficer", hook: "at/prosecution");
        using (var nigeria = Nigeria.Client("JudicialOfficer", "NG", "ng-attorney-general", "ng-mla-desk-1")) await SubscribeAsync(nigeria, "JudicialOfficer", hook: "ng/attorney-general");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_countries is not null) await _countries.DisposeAsync();
        if (_webhooks is not null) await _webhooks.DisposeAsync();
        if (_smtp is not null) await _smtp.DisposeAsync();
    }

    private async Task SubscribeAsync(HttpClient client, string role, string? email = null, string? hook = null)
    {
        object body = email is not null ? new { role, kinds = Kinds, channel = "email", email }
            : new { role, kinds = Kinds, channel = "webhook", webhookUrl = _webhooks.Url(hook!), secret = _webhooks.Secret };
        var response = await client.PutAsJsonAsync($"/api/identification/notifications/subscriptions/scenario-{role.ToLowerInvariant()}", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    /// <summary>The e-mail to <paramref name="to"/> of that kind about <paramref name="subject"/>, with its link — and nothing a person could be recognised by.</summary>
    private async Task<string> MailAsync(string to, string kind, Guid subject, string link, params string[] never)
    {
        var mail = await _smtp.WaitForAsync($"the {kind} e-mail to {to}", to, kind, subject.ToString(), $"{PublicBaseUrl}{link}");
        foreach (var text in never) Assert.That(mail, Does.Not.Contain(text), $"the {kind} e-mail carries ids and links only");
        return mail;
    }

    /// <summary>The signed webhook to <paramref name="hook"/> of that kind about <paramref name="subject"/>, its signature verified by the Standard Webhooks library.</summary>
    private async Task<JsonElement> WebhookAsync(string hook, string kind, Guid subject, params string[] never)
    {
        bool Matches(ReceivedWebhook h) => h.Path == $"/{hook}" && JsonDocument.Parse(h.Body).RootElement is var b
            && b.GetProperty("type").GetString() == kind && b.GetProperty("data").GetProperty("subjectId").GetGuid() == subject;
        var received = (await _webhooks.WaitForAsync($"the {kind} webhook to {hook}", r => r.Any(Matches))).Where(Matches).ToList();
        Assert.That(received, Has.Count.EqualTo(1), $"one {kind} webhook to {hook} about {subject}");
        Assert.That(received[0].SignatureValid, Is.True, "signed with the subscription's secret");
        foreach (var text in never) Assert.That(received[0].Body, Does.Not.Contain(text));
        return JsonDocument.Parse(received[0].Body).RootElement;
    }

    private HttpClient AustrianFocalPoint() => Austria.Client("FocalPoint", "AT", "at-focal-point", "at-officer-1");
    private HttpClient NigerianFocalPoint() => Nigeria.Client("FocalPoint", "NG", "ng-naptip", "ng-officer-1");

    private static async Task<Guid> IdentifiedAsync(HttpClient austria, string sex, string ageGroup)
    {
        var opened = await austria.PostAsJsonAsync("/api/identification/cases", new { source = "police", signallingOrganisation = "at-lka", jurisdiction = "AT", sex, ageGroup });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        await austria.DecideAsync($"/api/identification/cases/{caseId}/information-on-rights", Informed);
        await austria.DecideAsync($"/api/identification/cases/{caseId}/reasonable-grounds", new { reasons = "Recruited in Benin City with a false job offer; debt bondage" });
        return caseId;
    }

    /// <summary>Austria's return file (opened from the bus), with what it must know before it decides.</summary>
    private static Task ReturnFileAsync(HttpClient austria, Guid caseId, Func<JsonElement, bool> knows) =>
        Eventually.TrueAsync("Austria's return file", async () =>
        {
            var response = await austria.GetAsync($"/api/return/cases/{caseId}");
            return response.StatusCode == HttpStatusCode.OK && knows(await response.Content.ReadFromJsonAsync<JsonElement>());
        }, TimeSpan.FromSeconds(30));

    private static async Task ReturnPreparedAsync(HttpClient austria, Guid caseId)
    {
        var file = $"/api/return/cases/{caseId}";
        await austria.DecideAsync($"{file}/return-request", new { countryOfReturn = "NG", reason = "persons-wish", reasons = "She asked to go home to her mother" });
        await austria.DecideAsync($"{file}/return-information", new { language = "en", options = new[] { "stay", "return", "third-country" }, rightsExplained = true, servicesInCountryExplained = true, risksExplained = true });
        await austria.DecideAsync($"{file}/return-consent", new { givenBy = "person" });
        await austria.DecideAsync($"{file}/return-risk-assessments", new { level = "medium", factors = new[] { "traffickers", "re-trafficking" }, mitigations = new[] { "met-at-arrival", "shelter-on-arrival" }, mitigationAccepted = true, receptionCapacity = "available", reasons = "IOM and NAPTIP assessment" });
    }

    private static IEnumerable<string> Decisions(JsonElement history) => history.EnumerateArray().Select(h => h.GetProperty("decision").GetString()!);

    [Test, Order(1)]
    public async Task A_victim_identified_in_Austria_returns_to_Nigeria_is_compensated_in_Austria_and_testifies_from_Nigeria_every_step_signed_across_the_border()
    {
        using var austria = AustrianFocalPoint();
        using var nigeria = NigerianFocalPoint();
        using var prosecutor = Austria.Client("JudicialOfficer", "AT", "at-prosecution-vienna", "at-prosecutor-2");

        // Austria: identified, and her informed consent to the transfer of her case to Nigeria.
        var caseId = await IdentifiedAsync(austria, "female", "18-24");
        await austria.DecideAsync($"/api/identification/cases/{caseId}/consents", new { kind = "cross-border-transfer", informedInLanguage = "en", givenBy = "person", jurisdictions = new[] { "NG" } }, expected: HttpStatusCode.Created);
        await ReturnFileAsync(austria, caseId, f => f.GetProperty("transferConsents") is { ValueKind: JsonValueKind.Array } c && c.GetArrayLength() == 1);

        // Austria's prosecutor names her as a victim-witness in the trial of her recruiters: her return must not obstruct it.
        await Sharing.ShareWithAsync(austria, caseId, "at-prosecution-vienna", prosecutor);
        var judicialFile = $"/api/judicial/cases/{caseId}";
        await prosecutor.DecideOnAsync(judicialFile, "witness-proceedings", new { proceedingsReference = "LG-Wien-2026-311", role = "victim-witness", reasons = "Witness for the prosecution against the Benin City network" });
        await ReturnFileAsync(austria, caseId, f => f.GetProperty("proceedings") is { ValueKind: JsonValueKind.Array } p && p.GetArrayLength() == 1);

        // Austria: the return prepared through its gates; the reception requested from Nigeria.
        await ReturnPreparedAsync(austria, caseId);
        var at = $"/api/return/cases/{caseId}";
        await austria.DecideAsync($"{at}/reception-request", new { }, expected: HttpStatusCode.Created);
        var requestId = (await austria.GetFromJsonAsync<JsonElement>(at)).GetProperty("reception").GetProperty("requestId").GetGuid();

        // Nigeria: the request arrived over the exchange, signed; its focal point acknowledges and arranges the reception.
        var ng = $"/api/return/incoming/{requestId}";
        await Eventually.TrueAsync("the reception request in Nigeria", async () => (await nigeria.GetAsync(ng)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var received = (await nigeria.GetFromJsonAsync<JsonElement>($"{ng}/history?purpose=return-and-reintegration")).EnumerateArray().Single();
        Assert.That(received.GetProperty("reasons").GetString(), Does.Contain("from AT's node over the cross-border exchange").And.Contain("signature verified"));
        Assert.That(received.GetProperty("actorJurisdiction").GetString(), Is.EqualTo("NG"));
        Assert.That((await nigeria.GetFromJsonAsync<JsonElement>(ng)).GetProperty("caseId").GetGuid(), Is.EqualTo(caseId), "the case reference, no personal data");
        await nigeria.DecideAsync($"{ng}/acknowledgement", new { }, read: ng);
        await Eventually.TrueAsync("Nigeria's signed acknowledgement in Austria", async () =>
            (await austria.GetFromJsonAsync<JsonElement>(at)).GetProperty("reception").GetProperty("acknowledgedAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30));
        await nigeria.DecideAsync($"{ng}/reception-arrangements", new { metBy = "ng-naptip-lagos", shelterOnArrival = true, onwardTransport = true, reasons = "Met at Lagos airport, NAPTIP shelter" }, read: ng);
        await Eventually.TrueAsync("the arrangements in Austria", async () =>
            (await austria.GetFromJsonAsync<JsonElement>(at)).GetProperty("reception").GetProperty("arrangedAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30));

        // Austria: travel documents and departure; Nigeria confirms the arrival; Austria closes its return.
        await austria.DecideAsync($"{at}/travel-documents", new { issuedBy = "ng-embassy-vienna" });
        // The departure waits for the coordination with the prosecutor (testimony secured or arranged from the country of return).
        var notYet = await austria.DecideOnAsync(at, "departure", new { }, HttpStatusCode.Conflict);
        var coordination = await Refusals.AssertNextAsync(notYet, "return-coordinated-with-prosecution", $"POST {at}/prosecution-coordination");
        await austria.DecideAsync(coordination, new { outcome = "video-testimony-from-country-of-return", prosecutorReference = "LG-Wien-2026-311/return-1", reasons = "She testifies by video from Lagos" }, at);
        await austria.DecideAsync($"{at}/departure", new { });
        await nigeria.DecideAsync($"{ng}/arrival", new { }, read: ng);
        await Eventually.TrueAsync("the arrival in Austria", async () => (await austria.GetFromJsonAsync<JsonElement>(at)).GetProperty("stage").GetString() == "arrived", TimeSpan.FromSeconds(30));
        await austria.DecideAsync($"{at}/return-closure", new { outcome = "returned", reasons = "Arrival confirmed by NAPTIP" });

        // Austria's judicial file knows how the witness is reached now: through Nigeria's focal point, by video.
        var reach = JsonDocument.Parse(await Eventually.GetAsync("how the witness is reached, in Austria's judicial file", async () =>
            (await prosecutor.GetFromJsonAsync<JsonElement>(judicialFile)).TryGetProperty("reach", out var r) && r.ValueKind == JsonValueKind.Object
            && r.GetProperty("reach").GetString() == "through-focal-point" ? r.ToString() : null, TimeSpan.FromSeconds(30))).RootElement;
        Assert.That(reach.GetProperty("throughJurisdiction").GetString(), Is.EqualTo("NG"));
        Assert.That(reach.GetProperty("videoTestimony").GetBoolean(), Is.True);

        // Nigeria: reintegration with monitoring contacts; the first one held.
        var now = DateTimeOffset.UtcNow;
        await nigeria.DecideAsync($"{ng}/reintegration-plan", new
        {
            goals = new[] { "housing", "education", "psychosocial-support" }, providers = new[] { "ng-naptip-shelter-lagos", "ng-ngo-pathfinders" },
            monitoringContacts = new[] { now.AddDays(30), now.AddDays(180), now.AddDays(360) }, agreedWithPerson = true, reasons = "Agreed at the shelter",
        }, read: ng);
        var contactId = (await nigeria.GetFromJsonAsync<JsonElement>(ng)).GetProperty("contacts")[0].GetProperty("contactId").GetGuid();
        await nigeria.DecideAsync($"{ng}/monitoring-contacts/{contactId}", new { outcome = "stable", reasons = "Visited at the shelter; back at school" }, read: ng);

        var austrianReturn = Decisions(await austria.GetFromJsonAsync<JsonElement>($"{at}/history?purpose=return-and-reintegration")).ToList();
        Assert.That(austrianReturn, Is.SupersetOf(new[] { "victim_witness_noted", "reception_requested", "reception_acknowledged", "reception_arranged", "prosecution_coordinated", "return_departed", "arrival_confirmed", "return_closed" }));
        Assert.That(austrianReturn.IndexOf("prosecution_coordinated"), Is.LessThan(austrianReturn.IndexOf("return_departed")), "coordinated before she left");
        var nigerianReturn = (await nigeria.GetFromJsonAsync<JsonElement>($"{ng}/history?purpose=return-and-reintegration")).EnumerateArray().ToList();
        Assert.That(nigerianReturn.Select(h => h.GetProperty("decision").GetString()), Is.EqualTo(new[]
        {
            "reception_request_received", "reception_acknowledgement_sent", "reception_arrangements_made", "arrival_recorded", "reintegration_plan_agreed", "monitoring_contact_held",
        }));
        Assert.That(nigerianReturn.Select(h => h.GetProperty("actorJurisdiction").GetString()), Is.All.EqualTo("NG"), "Nigeria's decisions are Nigeria's");

        // Austria hears how her reintegration goes: the plan and the contact held, signed updates from Nigeria's node (codes only).
        var reports = await Eventually.GetAsync("the reintegration reports in Austria", async () =>
            (await austria.GetFromJsonAsync<JsonElement>(at)).GetProperty("reintegration") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() == 2 ? list.ToString() : null,
            TimeSpan.FromSeconds(30));
        var reported = JsonDocument.Parse(reports).RootElement.EnumerateArray().ToList();
        Assert.That(reported.Select(r => r.GetProperty("report").GetString()), Is.EquivalentTo(new[] { "reintegration-plan-agreed", "monitoring-contact-held" }));
        var held = reported.Single(r => r.GetProperty("report").GetString() == "monitoring-contact-held");
        Assert.That(held.GetProperty("contactId").GetGuid(), Is.EqualTo(contactId));
        Assert.That(held.GetProperty("outcome").GetString(), Is.EqualTo("stable"));
        Assert.That(held.GetProperty("fromJurisdiction").GetString(), Is.EqualTo("NG"));

        // Austria: compensation after the return — neither the return nor the person's absence blocks it.
        var remedies = $"/api/remedies/cases/{caseId}";
        await Eventually.TrueAsync("Austria's remedies file", async () => (await austria.GetAsync(remedies)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        await austria.DecideAsync($"{remedies}/remedy-information", new { language = "en", reasons = "Explained before departure, through the interpreter" });
        await austria.DecideAsync($"{remedies}/claims", new { type = "state-compensation-fund", decidingJurisdiction = "AT", decidingBody = "at-social-ministry-service", claimedAmount = 12000.00m, currency = "EUR", reasons = "Verbrechensopfergesetz" }, expected: HttpStatusCode.Created);
        var claimId = (await austria.GetFromJsonAsync<JsonElement>(remedies)).GetProperty("claims")[0].GetProperty("claimId").GetGuid();
        var claim = $"{remedies}/claims/{claimId}";
        await austria.DecideAsync($"{claim}/filing", new { });
        await austria.DecideAsync($"{claim}/review", new { });
        await austria.DecideAsync($"{claim}/decision", new { outcome = "awarded", amount = 12000.00m, currency = "EUR", debtor = "state-fund", reasons = "Decision 2026/411" });
        await austria.DecideAsync($"{remedies}/payment-channel", new { kind = "partner-focal-point", viaJurisdiction = "NG", reference = "naptip-victims-account-2026-17", reasons = "She lives in Lagos now" });
        await austria.DecideAsync($"{claim}/payments", new { paymentKey = "vog-1", amount = 12000.00m, currency = "EUR", channel = "partner-focal-point", reasons = "Paid to her account in Lagos through NAPTIP" });
        var paid = (await austria.GetFromJsonAsync<JsonElement>(remedies)).GetProperty("claims")[0];
        Assert.That(paid.GetProperty("stage").GetString(), Is.EqualTo("paid"), paid.ToString());

        // Austria's prosecutor asks Nigeria for her video testimony — while the link to Nigeria is down: it waits in
        // Austria's queue for Nigeria, and arrives once, when the link is back.
        var restore = await _countries.BreakLinkAsync("AT", "NG");
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new
        {
            type = "mla-video-testimony", counterpartJurisdiction = "NG", urgent = false,
            persons = new object[] { new { caseId, role = "victim-witness" } },
        });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var mlaId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        var mla = $"/api/judicial/requests/{mlaId}";
        await prosecutor.DecideAsync($"{mla}/victim-impact-assessment", new { level = "medium", measures = new[] { "video-testimony" }, preferredModality = "video-conference", reasons = "Returned to Nigeria; testifies by video from Lagos." }, read: mla);
        await prosecutor.DecideAsync($"{mla}/sending", new { }, read: mla);
        await Eventually.TrueAsync("the request waiting in Austria's queue for Nigeria", async () =>
            await _countries.Broker.MessagesAsync(Austria.Bus.Name, CrossBorderTopology.ForPartner("NG")) >= 1, TimeSpan.FromSeconds(20));
        Assert.That((await nigeria.GetAsync(mla)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing passes while the link is down");
        await restore();

        var registered = JsonDocument.Parse(await Eventually.GetAsync("Austria's request registered in Nigeria", async () =>
        {
            var response = await nigeria.GetAsync(mla);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }, TimeSpan.FromSeconds(60))).RootElement;
        Assert.That(registered.GetProperty("direction").GetString(), Is.EqualTo("incoming"));
        Assert.That(registered.GetProperty("type").GetString(), Is.EqualTo("mla-video-testimony"));
        Assert.That(registered.GetProperty("counterpart").GetString(), Is.EqualTo("AT"));
        Assert.That(registered.GetProperty("persons").EnumerateArray().Single().GetProperty("caseId").GetGuid(), Is.EqualTo(caseId));
        var judicialHistory = (await nigeria.GetFromJsonAsync<JsonElement>($"{mla}/history?purpose=audit")).EnumerateArray().ToList();
        Assert.That(judicialHistory, Has.Count.EqualTo(1), "registered once");
        Assert.That(judicialHistory[0].GetProperty("reasons").GetString(), Does.Contain("from AT's node over the cross-border exchange"));

        // Nigeria executes it — acknowledged, under execution, her testimony by video held, executed — and each answer
        // travels back signed to Austria's request.
        using var nigerianProsecutor = Nigeria.Client("JudicialOfficer", "NG", "ng-attorney-general", "ng-mla-desk-1");
        async Task InAustria(string what, Func<JsonElement, bool> shows) => await Eventually.TrueAsync(what, async () => shows(await prosecutor.GetFromJsonAsync<JsonElement>(mla)), TimeSpan.FromSeconds(30));
        await nigerianProsecutor.DecideAsync($"{mla}/acknowledgement", new { }, read: mla);
        await InAustria("acknowledged in Austria", r => r.GetProperty("stage").GetString() == "acknowledged");
        await nigerianProsecutor.DecideAsync($"{mla}/victim-impact-assessment", new { level = "medium", measures = new[] { "video-testimony" }, preferredModality = "video-conference", reasons = "At the NAPTIP shelter in Lagos" }, read: mla);
        await nigerianProsecutor.DecideAsync($"{mla}/execution", new { }, read: mla);
        await InAustria("under execution in Austria", r => r.GetProperty("stage").GetString() == "under-execution");
        await nigerianProsecutor.DecideAsync($"{mla}/testimonies", new { caseId, modality = "video-conference", scheduledFor = DateTimeOffset.UtcNow.AddDays(3) }, read: mla);
        await nigerianProsecutor.DecideAsync($"{mla}/testimonies/held", new { caseId }, read: mla);
        await nigerianProsecutor.DecideAsync($"{mla}/completion", new { partially = false, reasons = "Testimony taken by video link from Lagos and transmitted." }, read: mla);
        await InAustria("executed in Austria, her testimony held", r => r.GetProperty("stage").GetString() == "executed"
            && r.GetProperty("testimonies") is { ValueKind: JsonValueKind.Array } testimonies // the testimony's answer may arrive after the execution's
            && testimonies.EnumerateArray().Any(t => t.GetProperty("caseId").GetGuid() == caseId && t.GetProperty("heldAt").ValueKind == JsonValueKind.String));
        var answered = (await prosecutor.GetFromJsonAsync<JsonElement>($"{mla}/history?purpose=audit")).EnumerateArray()
            .Where(h => (h.GetProperty("reasons").GetString() ?? "").Contains("over the cross-border exchange")).ToList();
        Assert.That(answered.Select(h => h.GetProperty("actorJurisdiction").GetString()), Is.All.EqualTo("AT"), "recorded by Austria's node, from Nigeria's signed answers");
        Assert.That(answered, Has.Count.EqualTo(4), "acknowledged, under execution, testimony held, executed — once each");

        // Who was told: Nigeria's prosecutors of Austria's request, Austria's of Nigeria's answer — each by one signed webhook, ids and links only.
        await WebhookAsync("ng/attorney-general", "partner-request-received", mlaId, "Lagos", "Benin City");
        await WebhookAsync("at/prosecution", "partner-answer-received", mlaId, "Lagos", "Benin City");

        // Austria keeps Nigeria's signed evidence for each request it sent; nothing was rejected on either side.
        foreach (var (service, request) in new[] { ("return", requestId), ("judicial", mlaId) })
        {
            var exchange = await Eventually.GetAsync($"Nigeria's evidence for the {service} request", async () =>
            {
                var list = (await austria.GetFromJsonAsync<JsonElement>($"/api/{service}/cross-border/requests/{request}")).EnumerateArray().ToList();
                return list.Any(m => m.GetProperty("type").GetString() == "trm.crossborder.delivery-evidence.v1") ? list : null;
            }, TimeSpan.FromSeconds(30));
            Assert.That(exchange.Where(m => m.GetProperty("direction").GetString() == "received").Select(m => m.GetProperty("verified").GetBoolean()), Is.All.True, service);
        }
        foreach (var node in new[] { Austria, Nigeria })
        {
            var rejected = await _countries.Broker.DrainAsync(node.Bus.Name, CrossBorderTopology.InboxError);
            Assert.That(rejected.Select(m => m.Properties.ToString()), Is.Empty, $"nothing rejected on {node.Bus.Name}");
        }
    }

    [Test, Order(2)]
    public async Task A_transfer_without_consent_is_refused_in_Austria_and_nothing_reaches_Nigeria()
    {
        using var austria = AustrianFocalPoint();
        using var nigeria = NigerianFocalPoint();
        var caseId = await IdentifiedAsync(austria, "male", "25-34");
        await ReturnFileAsync(austria, caseId, _ => true);
        await ReturnPreparedAsync(austria, caseId);

        var refused = await austria.DecideAsync($"/api/return/cases/{caseId}/reception-request", new { }, expected: HttpStatusCode.UnprocessableEntity);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("rule").GetString(), Is.EqualTo("cross-border-transfer-needs-consent-or-legal-basis"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("consent to cross-border transfer to NG"));

        // Nothing left Austria about this case, and nothing arrived in Nigeria.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var ledger = Austria.Providers["return"].GetRequiredService<CrossBorderLedger>();
        var sent = await ledger.ListAsync(CrossBorderLedger.Sent, CrossBorderJson.WireType(typeof(CrossBorderRequest)), CancellationToken.None);
        Assert.That(sent.Select(e => JsonSerializer.Deserialize<CrossBorderRequest>(e.Body, CrossBorderJson.Options)!.CaseReference), Has.No.Member(caseId));
        var incoming = await nigeria.GetFromJsonAsync<JsonElement>("/api/return/incoming");
        Assert.That(incoming.EnumerateArray().Select(r => r.GetProperty("caseId").GetGuid()), Has.No.Member(caseId));
    }

    [Test, Order(3)]
    public async Task A_return_to_the_country_the_person_claims_protection_from_is_refused_before_anything_is_sent()
    {
        using var austria = AustrianFocalPoint();
        var caseId = await IdentifiedAsync(austria, "female", "25-34");
        await austria.DecideAsync($"/api/identification/cases/{caseId}/consents", new { kind = "cross-border-transfer", informedInLanguage = "en", givenBy = "person", jurisdictions = new[] { "NG" } }, expected: HttpStatusCode.Created);
        await austria.DecideAsync($"/api/identification/cases/{caseId}/international-protection", new { countryOfClaimedPersecution = "NG", reasons = "Fears the network's juju oath enforcers" });
        await ReturnFileAsync(austria, caseId, f => f.GetProperty("protectionClaims") is { ValueKind: JsonValueKind.Array } c && c.GetArrayLength() == 1
                                                    && f.GetProperty("transferConsents") is { ValueKind: JsonValueKind.Array } t && t.GetArrayLength() == 1);
        await ReturnPreparedAsync(austria, caseId);

        var refused = await austria.DecideAsync($"/api/return/cases/{caseId}/reception-request", new { }, expected: HttpStatusCode.Conflict);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString(), Is.EqualTo("non-refoulement-no-contact"));

        // And the border itself holds the same line, whatever a service asks it to send: the sender's gate refuses.
        var sender = Austria.Providers["return"].GetRequiredService<CrossBorderSender>();
        var request = new CrossBorderRequest(Guid.NewGuid(), CrossBorderPurposes.ReturnReception, "AT", "NG", caseId, false, ["reception-arrangements"],
            TransferBases.Consent, null, HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(14), DateTimeOffset.UtcNow);
        var result = await sender.SendAsync(request, "NG", TransferGrounds.OnConsent(["NG"], ["NG"]), CancellationToken.None);
        Assert.That(result.Refusal?.Rule, Is.Not.Null.And.Contains("protection"), "refused at the border");
        await Task.Delay(TimeSpan.FromSeconds(1));
        using var nigeria = NigerianFocalPoint();
        Assert.That((await nigeria.GetAsync($"/api/return/incoming/{request.RequestId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test, Order(4)]
    public async Task A_forged_message_goes_to_Nigerias_error_queue_and_Austrias_partner_user_reads_nothing_that_is_not_its_own()
    {
        // What Austria's node may do on Nigeria's broker, as the generated definitions allow: write to crossborder.in.AT.
        var partner = _countries.Broker.UserUri($"{_countries.Prefix("NG")}-partner-at", Nigeria.Bus.Name);
        await using var connection = await new ConnectionFactory { Uri = partner }.CreateConnectionAsync();

        // A request that claims to come from Austria, signed by a key that is not Austria's.
        using var mallory = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CrossBorderRequest(Guid.NewGuid(), CrossBorderPurposes.ReturnReception, "AT", "NG", Guid.NewGuid(), false, ["reception-arrangements"],
            TransferBases.Consent, null, HandlingCodes.PurposeOnly, DateTimeOffset.UtcNow.AddDays(14), DateTimeOffset.UtcNow);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, CrossBorderJson.Options);
        var envelope = new CrossBorderEnvelope(Guid.NewGuid(), CrossBorderJson.WireType(typeof(CrossBorderRequest)), "AT", "NG", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"), body, null);
        var signature = Convert.ToBase64String(mallory.SignData(Encoding.UTF8.GetBytes(envelope.SignedText), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        await using (var channel = await connection.CreateChannelAsync())
        {
            var properties = new BasicProperties
            {
                MessageId = envelope.MessageId.ToString("D"), Type = envelope.Type, ContentType = "application/json", Persistent = true,
                Headers = new Dictionary<string, object?> { ["x-trm-from"] = "AT", ["x-trm-to"] = "NG", ["x-trm-sent-at"] = envelope.SentAt, ["x-trm-signature"] = signature, [CrossBorderTopology.PurposeHeader] = request.Purpose },
            };
            await channel.BasicPublishAsync(CrossBorderTopology.InFromPartner("AT"), "", true, properties, body);
        }
        var rejected = await Eventually.GetAsync("the forged request in Nigeria's error queue", async () =>
        {
            var messages = await _countries.Broker.DrainAsync(Nigeria.Bus.Name, CrossBorderTopology.InboxError);
            return messages.Select(m => m.Properties.GetProperty("headers")).FirstOrDefault(h => h.TryGetProperty("x-trm-rejected", out _)) is { ValueKind: JsonValueKind.Object } headers ? headers.ToString() : null;
        }, TimeSpan.FromSeconds(30));
        Assert.That(JsonDocument.Parse(rejected).RootElement.GetProperty("x-trm-rejected").GetString(), Is.EqualTo("forged"));
        using (var nigeria = NigerianFocalPoint())
            Assert.That((await nigeria.GetAsync($"/api/return/incoming/{request.RequestId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing opened in Nigeria");

        // That user cannot read Nigeria's own inboxes (each service's), nor write into Nigeria's outbound exchange.
        foreach (var queue in new[] { CrossBorderTopology.Inbox, CrossBorderTopology.InboxOf("remedies"), CrossBorderTopology.InboxOf("judicial"), CrossBorderTopology.InboxError })
            await AssertRefusedAsync(connection, $"read {queue}", ch => ch.BasicGetAsync(queue, autoAck: false));
        await AssertRefusedAsync(connection, "publish into Nigeria's outbound exchange", ch => ch.BasicPublishAsync(CrossBorderTopology.Outbound, "AT", true, new BasicProperties(), body).AsTask());
    }

    [Test, Order(5)]
    public async Task Austria_asks_Nigeria_to_verify_her_identity_and_Nigerias_signed_answer_is_recorded_on_Austrias_case()
    {
        using var austria = AustrianFocalPoint();
        using var nigeria = NigerianFocalPoint();
        var caseId = await IdentifiedAsync(austria, "female", "18-24");
        var file = $"/api/identification/cases/{caseId}";
        await austria.DecideAsync($"{file}/consents", new { kind = "cross-border-transfer", informedInLanguage = "en", givenBy = "person", jurisdictions = new[] { "NG" } }, expected: HttpStatusCode.Created);
        await austria.DecideAsync($"{file}/identification-assistance", new { partnerJurisdiction = "NG", questions = new[] { "identity", "travel-route" }, dueInDays = 10, reasons = "Her passport was taken by the madam" }, expected: HttpStatusCode.Created);
        var requestId = (await austria.GetFromJsonAsync<JsonElement>(file)).GetProperty("assistanceRequests")[0].GetProperty("requestId").GetGuid();

        // Nigeria's focal point finds the request (ids and codes), and answers it.
        var ng = $"/api/identification/assistance-requests/{requestId}";
        var received = JsonDocument.Parse(await Eventually.GetAsync("the request in Nigeria", async () =>
        {
            var response = await nigeria.GetAsync(ng);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }, TimeSpan.FromSeconds(30))).RootElement;
        Assert.That(received.GetProperty("caseReference").GetGuid(), Is.EqualTo(caseId));
        Assert.That(received.GetProperty("fromJurisdiction").GetString(), Is.EqualTo("AT"));
        Assert.That(received.GetProperty("questions").EnumerateArray().Select(q => q.GetString()), Is.EqualTo(new[] { "identity", "travel-route" }));
        var listed = await nigeria.GetFromJsonAsync<JsonElement>("/api/identification/assistance-requests?stage=received");
        Assert.That(listed.EnumerateArray().Select(r => r.GetProperty("id").GetGuid()), Has.Member(requestId));
        var history = (await nigeria.GetFromJsonAsync<JsonElement>($"{ng}/history?purpose=audit")).EnumerateArray().Single();
        Assert.That(history.GetProperty("reasons").GetString(), Does.Contain("from AT's node over the cross-border exchange").And.Contain("signature verified"));
        using (var belgium = Nigeria.Client("FocalPoint", "BE", "be-focal-point"))
            Assert.That((await belgium.GetAsync(ng)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "only the jurisdiction asked sees it");
        await nigeria.DecideAsync($"{ng}/answer", new { outcome = "confirmed", reasons = "NIS passport register matches; family in Edo State reached" }, read: ng);
        await nigeria.DecideAsync($"{ng}/answer", new { outcome = "not-confirmed" }, read: ng, expected: HttpStatusCode.Conflict);

        // Austria: the signed outcome recorded on the case by the rule a bus answer follows; the reasons stayed in Nigeria.
        await Eventually.TrueAsync("Nigeria's answer on Austria's case", async () =>
            (await austria.GetFromJsonAsync<JsonElement>(file)).GetProperty("assistanceRequests")[0].GetProperty("outcome").GetString() == "confirmed", TimeSpan.FromSeconds(30));
        var answered = (await austria.GetFromJsonAsync<JsonElement>($"{file}/history?purpose=audit")).EnumerateArray()
            .Single(h => h.GetProperty("decision").GetString() == "identification_assistance_answer_recorded");
        Assert.That(answered.GetProperty("reasons").GetString(), Does.Contain("Answer from NG's focal point: confirmed (signed outcome"));
        var exchange = (await austria.GetFromJsonAsync<JsonElement>($"/api/identification/cross-border/requests/{requestId}")).EnumerateArray().ToList();
        Assert.That(exchange.Select(m => $"{m.GetProperty("direction").GetString()} {m.GetProperty("type").GetString()}"), Is.SupersetOf(new[]
        {
            "sent trm.crossborder.request.v1", "received trm.crossborder.delivery-evidence.v1", "received trm.crossborder.outcome.v1",
        }));
        var ledger = Nigeria.Providers["identification"].GetRequiredService<CrossBorderLedger>();
        var outcome = (await ledger.ListAsync(CrossBorderLedger.Sent, CrossBorderJson.WireType(typeof(CrossBorderOutcome)), CancellationToken.None))
            .Single(e => JsonSerializer.Deserialize<CrossBorderOutcome>(e.Body, CrossBorderJson.Options)!.RequestId == requestId);
        Assert.That(Encoding.UTF8.GetString(outcome.Body), Does.Not.Contain("passport").And.Not.Contain("Edo"));
        // Nigeria's own answer, heard on its own bus, is not taken for a partner's answer to a request of its own.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That(await ErrorQueueAsync(Nigeria, "identification-identification-assistance-answered_error"), Is.Zero, "Nigeria's consumer of answers skips its own");
        foreach (var node in new[] { Austria, Nigeria })
        {
            var rejected = await _countries.Broker.DrainAsync(node.Bus.Name, CrossBorderTopology.InboxError);
            Assert.That(rejected.Select(m => m.Properties.ToString()), Is.Empty, $"nothing rejected on {node.Bus.Name}");
        }
    }

    [Test, Order(6)]
    public async Task Nigeria_asks_Austria_to_extradite_her_recruiter_and_Austria_surrenders_him_only_after_she_is_notified_through_Nigerias_focal_point()
    {
        using var naptip = NigerianFocalPoint();
        using var attorneyGeneral = Nigeria.Client("JudicialOfficer", "NG", "ng-attorney-general", "ng-mla-desk-1");
        using var vienna = Austria.Client("JudicialOfficer", "AT", "at-prosecution-vienna", "at-prosecutor-2");

        // Nigeria: the woman back home is NAPTIP's case; the Attorney-General's office may name it.
        var opened = await naptip.PostAsJsonAsync("/api/identification/cases", new { source = "foreign-authority", signallingOrganisation = "ng-naptip", jurisdiction = "NG", sex = "female", ageGroup = "18-24" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var victim = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        await Sharing.ShareWithAsync(naptip, victim, "ng-attorney-general", attorneyGeneral);

        // Nigeria asks Austria, where her recruiter was arrested, to surrender him (UNTOC art. 16).
        var drafted = await attorneyGeneral.PostAsJsonAsync("/api/judicial/requests", new
        {
            type = "extradition", counterpartJurisdiction = "AT", urgent = true,
            persons = new object[] { new { caseId = Guid.NewGuid(), role = "person-sought" }, new { caseId = victim, role = "victim" } },
        });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var requestId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        var request = $"/api/judicial/requests/{requestId}";
        await attorneyGeneral.DecideAsync($"{request}/victim-impact-assessment", new { level = "high", measures = new[] { "no-contact-with-suspect" }, preferredModality = "video-conference", reasons = "He threatened her mother in Benin City" }, read: request);
        await attorneyGeneral.DecideAsync($"{request}/sending", new { }, read: request);

        // Austria: registered from Nigeria's signed request; its prosecutors are told of the request and of the victim's notification duty.
        var registered = JsonDocument.Parse(await Eventually.GetAsync("Nigeria's extradition request registered in Austria", async () =>
            await vienna.GetAsync(request) is { StatusCode: HttpStatusCode.OK } r ? await r.Content.ReadAsStringAsync() : null, TimeSpan.FromSeconds(30))).RootElement;
        Assert.That(registered.GetProperty("type").GetString(), Is.EqualTo("extradition"));
        Assert.That(registered.GetProperty("counterpart").GetString(), Is.EqualTo("NG"));
        await WebhookAsync("at/prosecution", "partner-request-received", requestId, "Benin City");
        var duty = await WebhookAsync("at/prosecution", "victim-notification-duty", requestId, "Benin City");
        Assert.That(duty.GetProperty("data").GetProperty("link").GetString(), Is.EqualTo($"{PublicBaseUrl}{request}"));

        // The surrender waits for her safety assessed and her notified — through Nigeria's focal point, who is in touch with her.
        var refused = await vienna.DecideAsync($"{request}/offender-movement", new { movement = "surrender", reasons = "Extradition granted by the Landesgericht Wien" }, read: request,
            expected: HttpStatusCode.UnprocessableEntity);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString(), Is.EqualTo("surrender-needs-victim-safety-assessment"));
        await vienna.DecideAsync($"{request}/victim-safety-assessments", new { caseId = victim, level = "high", reasons = "The network is active around her mother's house" }, read: request);
        await vienna.DecideAsync($"{request}/victim-notifications", new { caseId = victim, movement = "surrender", through = "focal-point" }, read: request);
        await vienna.DecideAsync($"{request}/offender-movement", new { movement = "surrender", reasons = "Extradition granted by the Landesgericht Wien" }, read: request);

        // Nigeria: the notification arrives as a signed message, recorded once on its request, and NAPTIP is told to pass it on to her.
        var received = JsonDocument.Parse(await Eventually.GetAsync("the victim's notification recorded in Nigeria", async () =>
            (await attorneyGeneral.GetFromJsonAsync<JsonElement>(request)).TryGetProperty("victimNotificationsReceived", out var n) && n.ValueKind == JsonValueKind.Array && n.GetArrayLength() > 0
                ? n.ToString() : null, TimeSpan.FromSeconds(30))).RootElement.EnumerateArray().Single();
        Assert.That(received.GetProperty("caseId").GetGuid(), Is.EqualTo(victim));
        Assert.That(received.GetProperty("movement").GetString(), Is.EqualTo("surrender"));
        Assert.That(received.GetProperty("through").GetString(), Is.EqualTo("focal-point"));
        Assert.That(received.GetProperty("fromJurisdiction").GetString(), Is.EqualTo("AT"));
        var mail = await MailAsync("naptip@ng.example", "victim-notification-duty", requestId, request, "Benin City", "Landesgericht", "mother");
        Assert.That(mail, Does.Contain(victim.ToString()), "the case the notice concerns, by its id");
        await WebhookAsync("ng/attorney-general", "victim-notification-duty", requestId, "Benin City", "Landesgericht");
        var history = (await attorneyGeneral.GetFromJsonAsync<JsonElement>($"{request}/history?purpose=audit")).EnumerateArray()
            .Where(h => h.GetProperty("reasons").GetString() is { } reasons && reasons.Contains("The victim notified of the offender's surrender by AT")).ToList();
        Assert.That(history, Has.Count.EqualTo(1), "recorded once");
    }

    [Test, Order(7)]
    public async Task Nigerias_request_about_a_woman_Austria_recognised_as_a_victim_is_held_for_the_non_punishment_review_without_her_passport_crossing()
    {
        using var austria = AustrianFocalPoint();
        using var vienna = Austria.Client("JudicialOfficer", "AT", "at-prosecution-vienna", "at-prosecutor-2");
        using var naptip = NigerianFocalPoint();
        using var attorneyGeneral = Nigeria.Client("JudicialOfficer", "NG", "ng-attorney-general", "ng-mla-desk-1");

        // Austria: a presumed victim, her Nigerian passport in Austria's vault.
        var victim = await IdentifiedAsync(austria, "female", "25-34");
        var atCase = $"/api/identification/cases/{victim}";
        await austria.DecideAsync($"{atCase}/personal-data", new { names = new[] { "Blessing Scenario-Test" }, identityDocuments = new[] { new { type = "Passport", number = "A07 123-456", issuingCountry = "NG" } } },
            atCase, method: HttpMethod.Put);
        await Sharing.ShareWithAsync(austria, victim, "at-prosecution-vienna", vienna);
        await Eventually.TrueAsync("her recognition on Austria's judicial file", async () =>
            (await vienna.GetAsync($"/api/judicial/cases/{victim}")) is { StatusCode: HttpStatusCode.OK } r && (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recognisedVictim").GetBoolean(),
            TimeSpan.FromSeconds(30));

        // Nigeria: the police hold a drug courier with the same passport (typed otherwise) and ask Austria for evidence against her.
        var opened = await naptip.PostAsJsonAsync("/api/identification/cases", new { source = "police", signallingOrganisation = "ng-npf", jurisdiction = "NG", sex = "female", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var suspect = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var ngCase = $"/api/identification/cases/{suspect}";
        await naptip.DecideAsync($"{ngCase}/personal-data", new { identityDocuments = new[] { new { type = "Passport", number = "a07123456", issuingCountry = "ng" } } }, ngCase, method: HttpMethod.Put);
        await Sharing.ShareWithAsync(naptip, suspect, "ng-attorney-general", attorneyGeneral);
        // (No victim is named: no victim impact assessment is asked for.)
        var drafted = await attorneyGeneral.PostAsJsonAsync("/api/judicial/requests", new
        {
            type = "mla-evidence", counterpartJurisdiction = "AT", urgent = false, persons = new object[] { new { caseId = suspect, role = "suspect" } },
        });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var requestId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        var request = $"/api/judicial/requests/{requestId}";
        await attorneyGeneral.DecideAsync($"{request}/sending", new { }, read: request);

        // Austria: the request matched against its recognised victims by keyed hashes — she is one — and held for the review.
        var registered = JsonDocument.Parse(await Eventually.GetAsync("Nigeria's request registered and matched in Austria", async () =>
            await vienna.GetAsync(request) is { StatusCode: HttpStatusCode.OK } r && await r.Content.ReadFromJsonAsync<JsonElement>() is var body
            && body.TryGetProperty("identityMatch", out var match) && match.GetString() == "answered" ? body.ToString() : null, TimeSpan.FromSeconds(45))).RootElement;
        Assert.That(registered.GetProperty("reviews").EnumerateArray().Select(r => r.GetProperty("caseId").GetGuid()), Is.EqualTo(new[] { victim }), "flagged: her case in Austria");
        await vienna.DecideAsync($"{request}/acknowledgement", new { }, read: request);
        var held = await vienna.DecideAsync($"{request}/execution", new { }, read: request, expected: HttpStatusCode.UnprocessableEntity);
        Assert.That((await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rule").GetString(), Is.EqualTo("non-punishment-review-first"));
        var flag = (await vienna.GetFromJsonAsync<JsonElement>($"/api/judicial/cases/{victim}")).GetProperty("nonPunishmentFlags").EnumerateArray().Single();
        Assert.That(flag.GetProperty("requestId").GetGuid(), Is.EqualTo(requestId));
        Assert.That(flag.GetProperty("counterpart").GetString(), Is.EqualTo("NG"));

        // Who was told: Austria's prosecutors by signed webhook, its focal point by e-mail — ids and links, never her name or passport.
        await WebhookAsync("at/prosecution", "partner-request-received", requestId, "Blessing", "A07");
        await WebhookAsync("at/prosecution", "non-punishment-review-required", requestId, "Blessing", "A07");
        var mail = await MailAsync("focal-point@at.example", "non-punishment-review-required", requestId, request, "Blessing", "A07", "123456", "Lagos");
        Assert.That(mail, Does.Contain(victim.ToString()), "the case the review concerns, by its id");

        // What crossed from Nigeria: a keyed hash with the role, never the number.
        var ledger = Nigeria.Providers["judicial"].GetRequiredService<CrossBorderLedger>();
        var crossed = (await ledger.ListAsync(CrossBorderLedger.Sent, CrossBorderJson.WireType(typeof(CrossBorderRequest)), CancellationToken.None))
            .Select(e => Encoding.UTF8.GetString(e.Body)).Single(b => JsonSerializer.Deserialize<CrossBorderRequest>(b, CrossBorderJson.Options)!.RequestId == requestId);
        Assert.That(JsonSerializer.Deserialize<CrossBorderRequest>(crossed, CrossBorderJson.Options)!.IdentityKeys, Has.Count.EqualTo(1));
        Assert.That(crossed, Does.Not.Contain("A07").And.Not.Contain("123456").And.Not.Contain("123-456"));
    }

    /// <summary>The messages in a MassTransit error queue of a node, taken off it (read from the queue, not from the management statistics, which lag).</summary>
    private async Task<int> ErrorQueueAsync(Node node, string queue)
    {
        var response = await _countries.Broker.Management.GetAsync($"/api/queues/{Uri.EscapeDataString(node.Bus.Name)}/{Uri.EscapeDataString(queue)}");
        return response.StatusCode == HttpStatusCode.NotFound ? 0 : (await _countries.Broker.DrainAsync(node.Bus.Name, queue)).Count;
    }

    private static async Task AssertRefusedAsync(IConnection connection, string what, Func<IChannel, Task> operation)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        Exception? error = null;
        try
        {
            await operation(channel);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (channel.IsOpen && waited.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(20);
        }
        catch (Exception e)
        {
            error = e;
        }
        var reason = (error as OperationInterruptedException)?.ShutdownReason ?? channel.CloseReason;
        Assert.That(reason?.ReplyCode, Is.EqualTo(403), $"{what}: the broker should refuse it (access refused)");
    }
}
