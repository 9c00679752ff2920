using Interpreter = TransnationalReferral.ServiceDefaults.Cases.Interpreter;

namespace TransnationalReferral.Identification.Tests;

/// <summary>
/// Interpreter records: who interpreted (organisation code and reference), in which language (ISO 639), attached to the
/// decision they took part in — information on rights, consent, the screening interview — and shown in the case's history.
/// </summary>
public class InterpreterRecordRules : IdentificationApiFixture
{
    private static readonly Interpreter Tolk = new("nl-tolkendienst", "TD-2026-1187", "ro");
    private static readonly DecisionContext Worker = As("CaseWorker", "nl-ngo");

    [Test]
    public void Interpreter_used_recorded()
    {
        var refused = Decide(Signalled(), new RecordInformationOnRights(true, true, true, InformationFormat.Oral, InterpreterUsed: false, Language: "ro", Interpreter: Tolk), Worker);
        Assert.That(refused.Refusal?.Rule, Is.EqualTo("interpreter-used-recorded"));
        var recorded = Decide(Signalled(), new RecordInformationOnRights(true, true, true, InformationFormat.Oral, InterpreterUsed: true, Language: "ro", Interpreter: Tolk), Worker);
        Assert.That(recorded.Events.OfType<InformationOnRightsRecorded>().Single().Interpreter, Is.EqualTo(Tolk));
        Assert.That(Signalled().Apply(recorded).InformationOnRights!.Interpreter, Is.EqualTo(Tolk));
    }

    [Test]
    public void Interpreter_language_matches()
    {
        var information = Decide(Signalled(), new RecordInformationOnRights(true, true, true, InformationFormat.Oral, true, Language: "bg", Interpreter: Tolk), Worker);
        Assert.That(information.Refusal?.Rule, Is.EqualTo("interpreter-language-matches"));
        var consent = RecordingConsent.Decide(Signalled(), new RecordingConsent.RecordConsent(ConsentKind.ReferralToServices, "bg", ConsentGiver.Person, Interpreter: Tolk), Worker);
        Assert.That(consent.Refusal?.Rule, Is.EqualTo("interpreter-language-matches"));
        var matching = RecordingConsent.Decide(Signalled(), new RecordingConsent.RecordConsent(ConsentKind.ReferralToServices, "ro", ConsentGiver.Person, Interpreter: Tolk), Worker);
        Assert.That(matching.Events.OfType<ConsentRecorded>().Single().Interpreter, Is.EqualTo(Tolk));
    }

    [Test]
    public async Task The_interpreter_of_each_decision_is_in_the_case_history_and_a_malformed_record_is_a_400_naming_its_field()
    {
        using var client = Client();
        var (caseId, _) = await OpenCaseAsync(client);
        var cases = $"/api/identification/cases/{caseId}";
        var interpreter = new { organisation = "nl-tolkendienst", reference = "TD-2026-1187", language = "ro" };

        var malformed = await client.DecideOnAsync(cases, "information-on-rights", new
        {
            informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "ro",
            interpreter = new { organisation = "nl-tolkendienst", reference = "Maria Popescu, freelance", language = "ro" },
        }, HttpStatusCode.BadRequest);
        Assert.That(await malformed.Content.ReadAsStringAsync(), Does.Contain("interpreter.reference"));

        await client.DecideOnAsync(cases, "screenings", new { observed = new[] { new { form = "labour", indicator = "debt-bondage" } }, source = "interview", interpreter });
        await client.DecideOnAsync(cases, "information-on-rights", new
        {
            informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "ro", interpreter,
        });
        await client.DecideOnAsync(cases, "consents", new { kind = "referral-to-services", informedInLanguage = "ro", givenBy = "person", interpreter }, HttpStatusCode.Created);

        var history = (await client.GetFromJsonAsync<JsonElement>($"{cases}/history?purpose=audit")).EnumerateArray().ToList();
        foreach (var decision in new[] { "indicators_screened", "information_on_rights_recorded", "consent_recorded" })
        {
            var entry = history.Single(h => h.GetProperty("decision").GetString() == decision);
            var recorded = entry.GetProperty("data").GetProperty("interpreter");
            Assert.That((recorded.GetProperty("organisation").GetString(), recorded.GetProperty("reference").GetString(), recorded.GetProperty("language").GetString()),
                Is.EqualTo(("nl-tolkendienst", "TD-2026-1187", "ro")), decision);
        }
    }
}
