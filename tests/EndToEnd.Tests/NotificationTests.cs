namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// Notifications through a whole node behind its gateway, with a real SMTP server process (aiosmtpd) and a webhook
/// receiver that verifies signatures with the Standard Webhooks library: a referral to a provider reaches the provider's
/// subscriptions by e-mail, signed webhook and daily digest — ids and links only —, a failing endpoint is retried with
/// back-off and logged as failed, a replay carries the same webhook-id, and an organisation manages only its own
/// subscriptions.
/// </summary>
public class NotificationTests
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(600);
    private const int MaxAttempts = 3;
    private const string PublicBaseUrl = "https://trm.nl.test";

    private Node _node = null!;
    private SmtpTestServer _smtp = null!;
    private WebhookReceiver _webhooks = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _smtp = await SmtpTestServer.StartAsync();
        _webhooks = await WebhookReceiver.StartAsync();
        var notifications = new Dictionary<string, string?>(_smtp.Settings())
        {
            ["Notifications:PublicBaseUrl"] = PublicBaseUrl,
            ["Notifications:AllowHttpWebhooks"] = "true",
            ["Notifications:PollInterval"] = "00:00:00.200",
            ["Notifications:FirstRetryDelay"] = FirstRetry.ToString(),
            ["Notifications:MaxRetryDelay"] = "00:00:05",
            ["Notifications:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:DigestAtUtc"] = "00:00:00", // the day's digest is due from midnight: sent at the first notice waiting
        };
        _node = await Node.StartAsync(settings: service => service == "identification" ? notifications : new Dictionary<string, string?>());
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _node.DisposeAsync();
        await _webhooks.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private const string Subscriptions = "/api/identification/notifications/subscriptions";
    private const string Deliveries = "/api/identification/notifications/deliveries";

    /// <summary>A provider of its own (a fresh organisation code per test) in the catalogue, with its intake's client.</summary>
    private async Task<(string Organisation, HttpClient Intake)> ProviderAsync()
    {
        var organisation = $"nl-shelter-{Guid.NewGuid():N}"[..24];
        using var focalPoint = _node.Client("FocalPoint");
        var registered = await focalPoint.PutAsJsonAsync($"/api/protection/providers/{organisation}", new
        {
            name = "Shelter", type = "ngo", services = new[] { "safe-accommodation", "psychological" }, capacity = 50, sexServed = "any",
            ageGroups = new[] { "adults" }, childAppropriate = false, languages = new[] { "nl", "en" }, responseTimeHours = 24,
        });
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Created), await registered.Content.ReadAsStringAsync());
        return (organisation, _node.Client("ServiceProvider", "NL", organisation, "intake-1"));
    }

    private static async Task SubscribeAsync(HttpClient client, string name, object body)
    {
        var response = await client.PutAsJsonAsync($"{Subscriptions}/{name}", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"{Subscriptions}/{name}"));
    }

    /// <summary>Personal data and free text the case holds: none of it may reach a notification.</summary>
    private static readonly string[] PersonalData = ["Ioana Notify-Test", "ioana.notify@example.invalid", "Recruited in Iasi by her cousin", "Safe accommodation near her sister"];

    /// <summary>A case with personal data in the vault and free text in its decisions, entitled in Protection, and a referral to <paramref name="provider"/>.</summary>
    private async Task<(Guid CaseId, Guid ReferralId)> ReferAsync(string provider)
    {
        using var focalPoint = _node.Client("FocalPoint", "NL", "nl-focal-point", "officer-1");
        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-la-strada", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var identification = $"/api/identification/cases/{caseId}";
        await focalPoint.DecideAsync($"{identification}/personal-data", new { names = new[] { PersonalData[0] }, contact = PersonalData[1] }, identification, method: HttpMethod.Put);
        await focalPoint.DecideAsync($"{identification}/information-on-rights", new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "ro" }, identification);
        await focalPoint.DecideAsync($"{identification}/consents", new { kind = "referral-to-services", informedInLanguage = "ro", givenBy = "person", organisations = new[] { provider } },
            identification, HttpStatusCode.Created);
        await focalPoint.DecideAsync($"{identification}/reasonable-grounds", new { reasons = PersonalData[2] }, identification);

        var protection = $"/api/protection/cases/{caseId}";
        await Eventually.TrueAsync("the protection case entitled with the consent", async () =>
        {
            var response = await focalPoint.GetAsync(protection);
            if (response.StatusCode != HttpStatusCode.OK) return false;
            var state = await response.Content.ReadFromJsonAsync<JsonElement>();
            return state.GetProperty("stage").GetString() == "entitled" && state.GetProperty("consents") is { ValueKind: JsonValueKind.Array } consents && consents.GetArrayLength() == 1;
        });
        var referred = await focalPoint.DecideAsync($"{protection}/referrals", new { providerOrganisation = provider, service = "psychological", reasons = PersonalData[3] }, protection,
            HttpStatusCode.Created);
        var (referralId, _) = await referred.CreatedAsync("referralId");
        return (caseId, referralId);
    }

    private static async Task<JsonElement[]> DeliveriesOfAsync(HttpClient client, Guid subjectId) =>
        (await client.GetFromJsonAsync<JsonElement[]>(Deliveries))!.Where(d => d.GetProperty("notice").GetProperty("subjectId").GetGuid() == subjectId).ToArray();

    private static async Task<JsonElement> FailedAsync(HttpClient client, Guid subjectId)
    {
        var json = await Eventually.GetAsync("the delivery logged as failed", async () =>
            (await DeliveriesOfAsync(client, subjectId)).Where(d => d.GetProperty("status").GetString() == "failed").Select(d => d.GetRawText()).FirstOrDefault(), TimeSpan.FromSeconds(30));
        return JsonDocument.Parse(json).RootElement;
    }

    [Test]
    public async Task A_referral_reaches_the_provider_by_email_and_by_a_signed_webhook_with_its_ids_and_a_link()
    {
        var (provider, intake) = await ProviderAsync();
        using var _ = intake;
        await SubscribeAsync(intake, "intake-mail", new { role = "ServiceProvider", kinds = new[] { "referral-requested" }, channel = "email", email = $"intake@{provider}.example" });
        await SubscribeAsync(intake, "intake-system", new { role = "ServiceProvider", kinds = new[] { "referral-requested" }, channel = "webhook", webhookUrl = _webhooks.Url($"hooks/{provider}"), secret = _webhooks.Secret });

        var (caseId, referralId) = await ReferAsync(provider);
        var link = $"{PublicBaseUrl}/api/protection/referrals/{referralId}";
        await Eventually.TrueAsync("a delivery per subscription in the provider's log", async () => (await DeliveriesOfAsync(intake, referralId)).Length == 2);

        try { await Eventually.TrueAsync("attempted", async () => (await DeliveriesOfAsync(intake, referralId)).All(d => d.GetProperty("attempts").GetInt32() > 0)); }
        catch (TimeoutException) { Assert.Fail(await intake.GetStringAsync(Deliveries)); }
        var mail = await _smtp.WaitForAsync("the referral e-mail to the provider", $"intake@{provider}.example", referralId.ToString(), link);
        Assert.That(mail, Does.Contain("referral-requested").And.Contain(caseId.ToString()));

        var hooks = await _webhooks.WaitForAsync("the referral webhook", r => r.Any(h => h.Path == $"/hooks/{provider}"));
        var hook = hooks.Single(h => h.Path == $"/hooks/{provider}");
        var body = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("type").GetString(), Is.EqualTo("referral-requested"));
            Assert.That(body.GetProperty("data").GetProperty("subjectId").GetGuid(), Is.EqualTo(referralId));
            Assert.That(body.GetProperty("data").GetProperty("link").GetString(), Is.EqualTo(link));
        });

        await Eventually.TrueAsync("both deliveries logged as delivered", async () =>
        {
            var logged = await DeliveriesOfAsync(intake, referralId);
            return logged.Length == 2 && logged.All(d => d.GetProperty("status").GetString() == "delivered" && d.GetProperty("attempts").GetInt32() == 1);
        });
        var webhookDelivery = (await DeliveriesOfAsync(intake, referralId)).Single(d => d.GetProperty("channel").GetString() == "webhook");
        Assert.That(webhookDelivery.GetProperty("webhookId").GetString(), Is.EqualTo(hook.WebhookId));
        Assert.That(webhookDelivery.GetProperty("lastStatusCode").GetInt32(), Is.EqualTo(204));
    }

    [Test]
    public async Task A_webhook_is_signed()
    {
        var (provider, intake) = await ProviderAsync();
        using var _ = intake;
        await SubscribeAsync(intake, "signed", new { role = "ServiceProvider", kinds = new[] { "referral-requested" }, channel = "webhook", webhookUrl = _webhooks.Url($"signed/{provider}"), secret = _webhooks.Secret });
        await ReferAsync(provider);

        var hook = (await _webhooks.WaitForAsync("the signed webhook", r => r.Any(h => h.Path == $"/signed/{provider}"))).Single(h => h.Path == $"/signed/{provider}");
        Assert.Multiple(() =>
        {
            Assert.That(hook.SignatureValid, Is.True, "the Standard Webhooks library verifies the signature with the subscription's secret");
            Assert.That(hook.Signature, Does.StartWith("v1,"));
            Assert.That(hook.WebhookId, Does.StartWith("msg_"));
            Assert.That(long.Parse(hook.Timestamp, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        });
        // Signed with another secret, the same request does not verify: the signature binds the body to the secret.
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() =>
            new StandardWebhooks.StandardWebhook("whsec_" + Convert.ToBase64String(new byte[32])).Verify(hook.Body, new Microsoft.AspNetCore.Http.HeaderDictionary
            {
                ["webhook-id"] = hook.WebhookId, ["webhook-timestamp"] = hook.Timestamp, ["webhook-signature"] = hook.Signature,
            }));
    }

    [Test]
    public async Task No_personal_data_in_a_notification()
    {
        var (provider, intake) = await ProviderAsync();
        using var _ = intake;
        await SubscribeAsync(intake, "mail", new { role = "ServiceProvider", kinds = new[] { "referral-requested" }, channel = "email", email = $"pd@{provider}.example" });
        await SubscribeAsync(intake, "hook", new { role = "ServiceProvider", kinds = new[] { "referral-requested" }, channel = "webhook", webhookUrl = _webhooks.Url($"pd/{provider}"), secret = _webhooks.Secret });
        await SubscribeAsync(intake, "digest", new { role = "ServiceProvider", kinds = new[] { "referral-requested" }, channel = "email", email = $"digest@{provider}.example", digest = true });
        var (_, referralId) = await ReferAsync(provider);

        var mail = await _smtp.WaitForAsync("the e-mail", $"pd@{provider}.example", referralId.ToString());
        var digest = await _smtp.WaitForAsync("the digest", $"digest@{provider}.example", "Daily digest", referralId.ToString());
        var hook = (await _webhooks.WaitForAsync("the webhook", r => r.Any(h => h.Path == $"/pd/{provider}"))).Single(h => h.Path == $"/pd/{provider}");
        var log = JsonSerializer.Serialize(await intake.GetFromJsonAsync<JsonElement>(Deliveries));
        foreach (var (what, text) in new[] { ("e-mail", mail), ("digest", digest), ("webhook", hook.Body + hook.WebhookId), ("delivery log", log) })
        foreach (var personal in PersonalData)
            Assert.That(text, Does.Not.Contain(personal), $"the {what} holds personal data or free text");
    }

    [Test]
    public async Task A_failed_delivery_is_retried_with_back_off_and_then_logged_as_failed()
    {
        await using var failing = await WebhookReceiver.StartAsync();
        failing.FailWith = 503;
        var (provider, intake) = await ProviderAsync();
        using var _ = intake;
        await SubscribeAsync(intake, "down", new { role = "ServiceProvider", kinds = new[] { "referral-requested" }, channel = "webhook", webhookUrl = failing.Url("down"), secret = failing.Secret });
        var (_, referralId) = await ReferAsync(provider);

        var failed = await FailedAsync(intake, referralId);
        var attempts = failing.Received;
        Assert.Multiple(() =>
        {
            Assert.That(failed.GetProperty("attempts").GetInt32(), Is.EqualTo(MaxAttempts));
            Assert.That(failed.GetProperty("lastStatusCode").GetInt32(), Is.EqualTo(503));
            Assert.That(attempts, Has.Count.EqualTo(MaxAttempts), "one request per attempt, none after the last");
            Assert.That(attempts.Select(a => a.WebhookId).Distinct().Single(), Is.EqualTo(failed.GetProperty("webhookId").GetString()), "every attempt carries the same webhook-id");
        });
        // The waits double: at least the first retry delay before the second attempt, twice it before the third.
        var at = attempts.Select(a => a.ReceivedAt).ToList();
        Assert.That(at[1] - at[0], Is.GreaterThanOrEqualTo(FirstRetry));
        Assert.That(at[2] - at[1], Is.GreaterThanOrEqualTo(FirstRetry * 2));
    }

    [Test]
    public async Task Replay_sends_the_same_webhook_id()
    {
        await using var flaky = await WebhookReceiver.StartAsync();
        flaky.FailWith = 500;
        var (provider, intake) = await ProviderAsync();
        using var _ = intake;
        await SubscribeAsync(intake, "flaky", new { role = "ServiceProvider", kinds = new[] { "referral-requested" }, channel = "webhook", webhookUrl = flaky.Url("flaky"), secret = flaky.Secret });
        var (_, referralId) = await ReferAsync(provider);
        var failed = await FailedAsync(intake, referralId);
        var deliveryId = failed.GetProperty("id").GetGuid();

        // Another organisation cannot replay (or see) it.
        using (var stranger = _node.Client("ServiceProvider", "NL", "nl-other-provider", "intake-9"))
            Assert.That((await stranger.PostAsync($"{Deliveries}/{deliveryId}/replay", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        flaky.FailWith = null;
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> Replay()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{Deliveries}/{deliveryId}/replay");
            request.Headers.Add("Idempotency-Key", key);
            return await intake.SendAsync(request);
        }
        var replayed = await Replay();
        Assert.That(replayed.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await replayed.Content.ReadAsStringAsync());
        var replay = await replayed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(replay.GetProperty("replayOf").GetGuid(), Is.EqualTo(deliveryId));

        // The same replay retried (a lost answer): the first answer again, no second delivery queued.
        var retried = await Replay();
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(retried.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That((await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), Is.EqualTo(replay.GetProperty("id").GetGuid()));
        Assert.That((await intake.GetFromJsonAsync<JsonElement[]>(Deliveries))!.Count(d => d.GetProperty("replayOf").ValueKind == JsonValueKind.String
            && d.GetProperty("replayOf").GetGuid() == deliveryId), Is.EqualTo(1), "one replay in the log");

        var received = await flaky.WaitForAsync("the replayed webhook accepted", r => r.Any(h => h.AnsweredWith == 204));
        var accepted = received.Single(h => h.AnsweredWith == 204);
        Assert.Multiple(() =>
        {
            Assert.That(accepted.WebhookId, Is.EqualTo(failed.GetProperty("webhookId").GetString()), "the receiver can drop what it already has");
            Assert.That(accepted.SignatureValid, Is.True);
        });
        await Eventually.TrueAsync("the replay logged as delivered", async () =>
            (await intake.GetFromJsonAsync<JsonElement>(replayed.Headers.Location!.ToString())).GetProperty("status").GetString() == "delivered");
    }

    [Test]
    public async Task An_organisation_manages_only_its_own_subscriptions_and_never_sees_a_secret()
    {
        var (provider, intake) = await ProviderAsync();
        using var _ = intake;
        await SubscribeAsync(intake, "own", new { role = "ServiceProvider", kinds = new[] { "referral-requested" }, channel = "webhook", webhookUrl = _webhooks.Url("own"), secret = _webhooks.Secret });

        var listed = await intake.GetStringAsync(Subscriptions);
        Assert.That(listed, Does.Contain("\"hasSecret\":true").And.Not.Contain(_webhooks.Secret[6..]));
        using var other = _node.Client("ServiceProvider", "NL", "nl-other-provider", "intake-9");
        Assert.That(await other.GetFromJsonAsync<JsonElement[]>(Subscriptions), Has.None.Matches<JsonElement>(s => s.GetProperty("organisation").GetString() == provider));
        Assert.That((await other.DeleteAsync($"{Subscriptions}/own")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var auditor = _node.Client("Auditor");
        Assert.That((await auditor.GetAsync(Subscriptions)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var invalid = await intake.PutAsJsonAsync($"{Subscriptions}/bad", new { role = "ServiceProvider", kinds = new[] { "referral-requested" }, channel = "webhook", webhookUrl = _webhooks.Url("x"), secret = "not-a-secret" });
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await invalid.Content.ReadAsStringAsync(), Does.Contain("secret"));

        Assert.That((await intake.DeleteAsync($"{Subscriptions}/own")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await intake.GetFromJsonAsync<JsonElement[]>(Subscriptions), Is.Empty);
    }
}
