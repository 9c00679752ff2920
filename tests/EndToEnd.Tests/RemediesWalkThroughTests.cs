namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The Remedies issue's "done when", through the gateway: a legal aid lawyer and the focal point run a claim from
/// information to payment — and on after the person's return — with every operation in the OpenAPI document.
/// </summary>
public class RemediesWalkThroughTests
{
    [Test]
    public async Task A_legal_aid_lawyer_and_a_focal_point_run_a_claim_from_information_to_payment_also_after_return()
    {
        await using var node = await Node.StartAsync();
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "nl-officer");
        using var lawyer = node.Client("LegalAidLawyer", "NL", "nl-legal-aid", "lawyer-3");
        var used = new List<string>();

        async Task<HttpResponseMessage> Send(HttpClient client, string path, object body, string template, HttpStatusCode expected = HttpStatusCode.OK, string? idempotencyKey = null)
        {
            var response = await client.DecideAsync(path, body, expected: expected, idempotencyKey: idempotencyKey ?? Guid.NewGuid().ToString());
            used.Add(template);
            return response;
        }

        // The focal point opens the case and shares it with the legal aid organisation (on the person's consent).
        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "labour-inspection", signallingOrganisation = "nl-inspectorate", jurisdiction = "NL", sex = "male", ageGroup = "25-34" });
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var identification = $"/api/identification/cases/{caseId}";
        await Send(focalPoint, $"{identification}/consents", new { kind = "sharing-with-organisations", informedInLanguage = "bg", givenBy = "person", organisations = new[] { "nl-legal-aid" } }, "/api/identification/cases/{caseId}/consents", HttpStatusCode.Created);
        await Send(focalPoint, $"{identification}/shares", new { granteeOrganisation = "nl-legal-aid", purpose = "compensation", expiresAt = DateTimeOffset.UtcNow.AddDays(300) }, "/api/identification/cases/{caseId}/shares", HttpStatusCode.Created);

        var remedies = $"/api/remedies/cases/{caseId}";
        await Eventually.TrueAsync("the lawyer sees the remedies file", async () => (await lawyer.GetAsync(remedies)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));

        // The lawyer prepares the claim; filing before the person was informed of the options is refused.
        await Send(lawyer, $"{remedies}/claims", new { type = "unpaid-wages", decidingJurisdiction = "NL", decidingBody = "nl-labour-court", claimedAmount = 9600.00m, currency = "EUR", reasons = "14 months unpaid" }, "/api/remedies/cases/{caseId}/claims", HttpStatusCode.Created);
        var claimId = (await lawyer.GetFromJsonAsync<JsonElement>(remedies)).GetProperty("claims")[0].GetProperty("claimId").GetGuid();
        var claim = $"{remedies}/claims/{claimId}";
        var refused = await Send(lawyer, $"{claim}/filing", new { }, "/api/remedies/cases/{caseId}/claims/{claimId}/filing", HttpStatusCode.UnprocessableEntity);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("claim-needs-information-on-remedies"));
        await Send(lawyer, $"{remedies}/remedy-information", new { language = "bg", reasons = "Explained with an interpreter: criminal, civil, state fund, labour claim" }, "/api/remedies/cases/{caseId}/remedy-information");
        await Send(lawyer, $"{remedies}/legal-aid", new { organisation = "nl-legal-aid" }, "/api/remedies/cases/{caseId}/legal-aid");
        await Send(lawyer, $"{claim}/filing", new { }, "/api/remedies/cases/{caseId}/claims/{claimId}/filing");
        await Send(lawyer, $"{claim}/review", new { }, "/api/remedies/cases/{caseId}/claims/{claimId}/review");
        await Send(lawyer, $"{claim}/decision", new { outcome = "awarded", amount = 9600.00m, currency = "EUR", debtor = "employer", reasons = "Labour court judgment 2026/88" }, "/api/remedies/cases/{caseId}/claims/{claimId}/decision");

        // The focal point records a first payment; the same request retried (network) records once.
        var key = Guid.NewGuid().ToString();
        await Send(focalPoint, $"{claim}/payments", new { paymentKey = "wages-1", amount = 3600.00m, currency = "EUR" }, "/api/remedies/cases/{caseId}/claims/{claimId}/payments", idempotencyKey: key);
        await Send(focalPoint, $"{claim}/payments", new { paymentKey = "wages-1", amount = 3600.00m, currency = "EUR" }, "/api/remedies/cases/{caseId}/claims/{claimId}/payments");

        // The person returns to Bulgaria (published by Return); the claim goes on, paid through the partner's focal point.
        await node.Providers["return"].GetRequiredService<IBus>().Publish(new Contracts.Return.ReturnDeparted(Guid.NewGuid(), caseId, "BG", false, DateTimeOffset.UtcNow), c => c.MessageId = NewId.NextGuid());
        await Eventually.TrueAsync("the return noted", async () => (await lawyer.GetFromJsonAsync<JsonElement>(remedies)).GetProperty("migrationFacts").ValueKind == JsonValueKind.Array, TimeSpan.FromSeconds(20));
        await Send(lawyer, $"{remedies}/payment-channel", new { kind = "partner-focal-point", viaJurisdiction = "BG", reference = "BG-NCCTHB-7731" }, "/api/remedies/cases/{caseId}/payment-channel");
        await Send(focalPoint, $"{claim}/payments", new { paymentKey = "wages-2", amount = 6000.00m, currency = "EUR", channel = "partner-focal-point" }, "/api/remedies/cases/{caseId}/claims/{claimId}/payments");
        await Send(lawyer, $"{claim}/closure", new { reasons = "Paid in full" }, "/api/remedies/cases/{caseId}/claims/{claimId}/closure");

        var state = await lawyer.GetFromJsonAsync<JsonElement>(remedies);
        Assert.That(state.GetProperty("claims")[0].GetProperty("stage").GetString(), Is.EqualTo("closed"));
        Assert.That(state.GetProperty("claims")[0].GetProperty("payments").GetArrayLength(), Is.EqualTo(2));
        var totals = (await focalPoint.GetFromJsonAsync<JsonElement>("/api/remedies/totals")).EnumerateArray().Single(t => t.GetProperty("currency").GetString() == "EUR");
        Assert.That(totals.GetProperty("awarded").GetDecimal(), Is.EqualTo(totals.GetProperty("paid").GetDecimal() + totals.GetProperty("outstanding").GetDecimal()));

        var history = (await lawyer.GetFromJsonAsync<JsonElement>($"{remedies}/history?purpose=compensation")).EnumerateArray().ToList();
        var decided = history.Single(h => h.GetProperty("decision").GetString() == "claim_awarded");
        Assert.That((decided.GetProperty("actorRole").GetString(), decided.GetProperty("actorOrganisation").GetString(), decided.GetProperty("actorId").GetString()), Is.EqualTo(("LegalAidLawyer", "nl-legal-aid", "lawyer-3")));
        Assert.That(decided.GetProperty("legalBasis").GetString(), Does.Contain("UNTOC art. 25"));
        Assert.That(history.Count(h => h.GetProperty("decision").GetString() == "payment_recorded"), Is.EqualTo(2));

        var paths = (await focalPoint.GetFromJsonAsync<JsonElement>("/openapi/remedies.json")).GetProperty("paths");
        foreach (var path in used.Where(u => u.StartsWith("/api/remedies")).Distinct())
            Assert.That(paths.TryGetProperty(path, out _), Is.True, path);
    }
}
