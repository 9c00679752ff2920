using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Protection.Tests;

/// <summary>
/// Help from the first signal over HTTP, real PostgreSQL and RabbitMQ: Identification's signal (the case opened) is the
/// only fact heard; emergency help is given and a safe place referred, the shelter accepts it from its inbox — all before
/// any identification decision — and the interpreter who took part is in the case's history.
/// </summary>
public class EmergencyAssistanceApiTests() : ServiceFixture<ProtectionCase>("protection")
{
    [Test]
    public async Task Emergency_help_is_given_and_a_safe_place_referred_and_accepted_before_any_identification_decision()
    {
        using var worker = Client("CaseWorker");
        using var focalPoint = Client("FocalPoint");
        using var shelter = new HttpClient { BaseAddress = Service.Address }.Authorize("ServiceProvider", "NL", "nl-night-shelter", "night-intake");
        var api = new ProtectionApi(Services, worker);
        Assert.That((await focalPoint.PutAsJsonAsync("/api/protection/providers/nl-night-shelter", Shelter("Night shelter"))).StatusCode, Is.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK));

        var caseId = Guid.NewGuid();
        await api.Publish(new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.LabourInspection, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, "nl-focal-point"));
        await Eventually.TrueAsync("the protection case opened from the signal", async () => await api.StateAsync(caseId) is not null);
        var cases = $"/api/protection/cases/{caseId}";

        var interpreter = new { organisation = "nl-tolkendienst", reference = "TD-2026-1187", language = "ro" };
        Assert.That(await RefusedRule(api.OnCaseAsync(caseId, "emergency-assistance", new { help = "information", acceptedByPerson = false })), Is.EqualTo("emergency-help-accepted-by-person"));
        var badLanguage = await api.OnCaseAsync(caseId, "emergency-assistance", new { help = "interpreter", acceptedByPerson = true, interpreter = new { organisation = "nl-tolkendienst", reference = "TD-1", language = "Romanian" } });
        Assert.That(badLanguage.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await badLanguage.Content.ReadAsStringAsync(), Does.Contain("interpreter.language"));
        await Ok(api.OnCaseAsync(caseId, "emergency-assistance", new { help = "information", acceptedByPerson = true, interpreter, reasons = "Told where to find help tonight" }));

        var (referralId, location) = await api.OnCaseAsync(caseId, "emergency-referrals", new { providerOrganisation = "nl-night-shelter", help = "safe-place", acceptedByPerson = true, interpreter })
            .CreatedAsync("referralId");
        Assert.That(location, Is.EqualTo($"/api/protection/referrals/{referralId}"));
        var inbox = await shelter.GetFromJsonAsync<JsonElement>("/api/protection/referrals?status=requested");
        var referral = inbox.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == referralId);
        Assert.That(referral.GetProperty("emergency").GetString(), Is.EqualTo("safe-place"));
        Assert.That(referral.GetProperty("service").GetString(), Is.EqualTo("safe-accommodation"));
        await Ok(api.OnReferralAsync(referralId, "answer", new { accepted = true, reasons = "Emergency bed free" }, shelter));

        var state = (await api.StateAsync(caseId))!.Value;
        Assert.That(state.GetProperty("stage").GetString(), Is.EqualTo("awaiting-entitlement"), "no identification decision was taken");
        Assert.That(state.GetProperty("firstPlacedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(state.GetProperty("emergencyAssistance").EnumerateArray().Select(a => a.GetProperty("help").GetString()), Is.EqualTo(new[] { "information", "safe-place" }));
        Assert.That(state.GetProperty("referrals")[0].GetProperty("status").GetString(), Is.EqualTo("accepted"));

        var history = (await focalPoint.GetFromJsonAsync<JsonElement>($"{cases}/history?purpose=audit")).EnumerateArray().ToList();
        var given = history.Single(h => h.GetProperty("decision").GetString() == "emergency_assistance_given");
        Assert.That(given.GetProperty("legalBasis").GetString(), Does.Contain("CETS 197 art. 12(1)"));
        Assert.That(given.GetProperty("data").GetProperty("interpreter").GetProperty("language").GetString(), Is.EqualTo("ro"));
        Assert.That(given.GetProperty("data").GetProperty("interpreter").GetProperty("reference").GetString(), Is.EqualTo("TD-2026-1187"));
        var requested = history.Single(h => h.GetProperty("decision").GetString() == "referral_requested");
        Assert.That(requested.GetProperty("data").GetProperty("emergency").GetString(), Is.EqualTo("safe-place"));
    }
}
