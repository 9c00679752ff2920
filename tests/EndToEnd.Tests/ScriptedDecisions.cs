namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// A scripted set of decisions across the five services, through the gateway, that makes every operations figure
/// appear: cases at several stages, a refusal, reasonable grounds, a referral answered by its provider, an awarded and
/// partly paid claim, a referral still awaiting its answer, a return held back by its gates, a judicial request, and a malformed message on the bus.
/// </summary>
public static class ScriptedDecisions
{
    public sealed record Result(Guid Recognised, Guid Informed, Guid Signalled, Guid ReferralCase, Guid ClaimCase);

    private static readonly object Informed = new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = false, language = "en" };

    public static async Task<Guid> OpenAsync(HttpClient client, string sex, string ageGroup)
    {
        var opened = await client.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-la-strada", jurisdiction = "NL", sex, ageGroup });
        Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.Created), await opened.Content.ReadAsStringAsync());
        return (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
    }

    public static async Task<Result> RunAsync(Node node)
    {
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "officer-1");
        using var shelter = node.Client("ServiceProvider", "NL", "nl-womens-shelter", "intake-3");
        using var prosecutor = node.Client("JudicialOfficer", "NL", "nl-prosecution", "prosecutor-2");

        // Identification: three signals, two informed, one refused reasonable grounds, one recognised.
        var recognised = await OpenAsync(focalPoint, "female", "25-34");
        var informed = await OpenAsync(focalPoint, "female", "25-34");
        var signalled = await OpenAsync(focalPoint, "male", "18-24");
        await focalPoint.DecideAsync($"/api/identification/cases/{recognised}/information-on-rights", Informed);
        await focalPoint.DecideAsync($"/api/identification/cases/{informed}/information-on-rights", Informed);
        await focalPoint.DecideAsync($"/api/identification/cases/{signalled}/reasonable-grounds", new { reasons = "Indicators of forced labour" }, expected: HttpStatusCode.UnprocessableEntity);
        await focalPoint.DecideAsync($"/api/identification/cases/{recognised}/consents", new { kind = "referral-to-services", informedInLanguage = "en", givenBy = "person", organisations = new[] { "nl-womens-shelter" } }, expected: HttpStatusCode.Created);
        await focalPoint.DecideAsync($"/api/identification/cases/{recognised}/reasonable-grounds", new { reasons = "Recruited with a false job offer, documents withheld" });
        await focalPoint.DecideAsync($"/api/identification/cases/{informed}/consents", new { kind = "cross-border-transfer", informedInLanguage = "en", givenBy = "person", jurisdictions = new[] { "RO" } }, expected: HttpStatusCode.Created);
        await focalPoint.DecideAsync($"/api/identification/cases/{informed}/identification-assistance", new { partnerJurisdiction = "RO", questions = new[] { "identity" }, dueInDays = 5 }, expected: HttpStatusCode.Created);

        // Protection: a referral to a shelter, answered by the shelter.
        var provider = await focalPoint.PutAsJsonAsync("/api/protection/providers/nl-womens-shelter", new
        {
            name = "Women's shelter Utrecht", type = "ngo", services = new[] { "safe-accommodation", "psychological" }, capacity = 12, sexServed = "female",
            ageGroups = new[] { "adults" }, childAppropriate = false, languages = new[] { "nl", "en" }, responseTimeHours = 24,
        });
        Assert.That(provider.IsSuccessStatusCode, Is.True, await provider.Content.ReadAsStringAsync());
        var protection = $"/api/protection/cases/{recognised}";
        await Eventually.TrueAsync("the protection case entitled", async () =>
        {
            var response = await focalPoint.GetAsync(protection);
            if (response.StatusCode != HttpStatusCode.OK) return false;
            var state = await response.Content.ReadFromJsonAsync<JsonElement>();
            return state.GetProperty("stage").GetString() == "entitled" && state.GetProperty("consents") is { ValueKind: JsonValueKind.Array } c && c.GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(20));
        await focalPoint.DecideAsync($"{protection}/needs-assessments", new { needs = new[] { "safe-accommodation", "psychological" }, reasons = "First interview" });
        await focalPoint.DecideAsync($"{protection}/referrals", new { providerOrganisation = "nl-womens-shelter", service = "safe-accommodation", genderSpecific = "female", reasons = "Women-only at her request" }, expected: HttpStatusCode.Created);
        var referralId = await Eventually.GetAsync("the referral in the shelter's inbox", async () =>
        {
            var page = await shelter.GetFromJsonAsync<JsonElement>("/api/protection/referrals?status=requested");
            return page.GetProperty("items").GetArrayLength() > 0 ? page.GetProperty("items")[0].GetProperty("id").GetGuid().ToString() : null;
        });
        await shelter.DecideAsync($"/api/protection/referrals/{referralId}/answer", new { accepted = true, reasons = "Room available" }, read: $"/api/protection/referrals/{referralId}");
        // A second referral the shelter has not answered yet (its response time is 24 hours).
        await focalPoint.DecideAsync($"{protection}/referrals", new { providerOrganisation = "nl-womens-shelter", service = "psychological", reasons = "Counselling" }, expected: HttpStatusCode.Created);

        // Remedies: a claim awarded and partly paid.
        var remedies = $"/api/remedies/cases/{recognised}";
        await Eventually.TrueAsync("the remedies file", async () => (await focalPoint.GetAsync(remedies)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        await focalPoint.DecideAsync($"{remedies}/remedy-information", new { language = "en", reasons = "Explained the options" });
        await focalPoint.DecideAsync($"{remedies}/claims", new { type = "unpaid-wages", decidingJurisdiction = "NL", decidingBody = "nl-labour-court", claimedAmount = 9600.00m, currency = "EUR", reasons = "14 months unpaid" }, expected: HttpStatusCode.Created);
        var claimId = (await focalPoint.GetFromJsonAsync<JsonElement>(remedies)).GetProperty("claims")[0].GetProperty("claimId").GetGuid();
        var claim = $"{remedies}/claims/{claimId}";
        await focalPoint.DecideAsync($"{claim}/filing", new { });
        await focalPoint.DecideAsync($"{claim}/review", new { });
        await focalPoint.DecideAsync($"{claim}/decision", new { outcome = "awarded", amount = 9600.00m, currency = "EUR", debtor = "employer", reasons = "Judgment 2026/88" });
        await focalPoint.DecideAsync($"{claim}/payments", new { paymentKey = "wages-1", amount = 3600.00m, currency = "EUR" });

        // Return: the person's wish to go home; the gates hold it back (no information, consent, risk assessment yet).
        var returnCase = $"/api/return/cases/{informed}";
        await Eventually.TrueAsync("the return file", async () => (await focalPoint.GetAsync(returnCase)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        await focalPoint.DecideAsync($"{returnCase}/return-request", new { countryOfReturn = "RO", reason = "persons-wish", reasons = "She asked to go home" });

        // Judicial cooperation: the case shared with the prosecution, and a request drafted for Romania.
        await Sharing.ShareWithAsync(focalPoint, recognised, "nl-prosecution", prosecutor);
        await Eventually.TrueAsync("a judicial request drafted", async () =>
        {
            var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new
            {
                type = "mla-video-testimony", counterpartJurisdiction = "RO", urgent = false,
                persons = new object[] { new { caseId = recognised, role = "victim-witness" } },
            });
            return drafted.StatusCode == HttpStatusCode.Created;
        }, TimeSpan.FromSeconds(20));

        // Two messages that can never be applied: one that is not even an envelope (a receive fault), one without ids
        // (a consume fault). Each service's consumer of case-opened puts each in its _error queue.
        await node.Bus.PublishRawAsync("TransnationalReferral.Contracts.Identification:IdentificationCaseOpened", "this is not a MassTransit envelope {");
        await node.Providers["identification"].GetRequiredService<IBus>().Publish(
            new Contracts.Identification.IdentificationCaseOpened(Guid.Empty, Guid.Empty, "NL", "ngo", "female", "25-34", "adult", DateTimeOffset.UtcNow),
            c => c.MessageId = NewId.NextGuid());
        return new Result(recognised, informed, signalled, recognised, recognised);
    }
}
