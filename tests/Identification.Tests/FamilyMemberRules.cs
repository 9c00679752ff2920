using TransnationalReferral.Identification.Vault;

namespace TransnationalReferral.Identification.Tests;

/// <summary>
/// Family members as records under the person's case (UNTOC art. 24; paper ¶14): relation, country, risk, protective
/// measures, relocation as codes on the case; names and contact in the person's vault record, never in an event, erased
/// with the person's data.
/// </summary>
public class FamilyMemberRules : IdentificationApiFixture
{
    private static readonly DecisionContext Worker = As("CaseWorker", "nl-ngo");

    private static Decision Record(IdentificationCase state, RiskLevel risk, FamilyRelocation relocation, string? relocatedTo = null, string[]? names = null) =>
        RecordingFamilyMember.Decide(state, new RecordingFamilyMember.RecordFamilyMember(FamilyRelation.Child, risk, "RO", Relocation: relocation, RelocatedTo: relocatedTo, Names: names)
            { MemberId = Guid.NewGuid() }, "digest", new PersonalData(), Worker);

    [Test]
    public void Family_relocation_answers_risk()
    {
        Assert.That(Record(Signalled(), RiskLevel.Low, FamilyRelocation.Requested).Refusal?.Rule, Is.EqualTo("family-relocation-answers-risk"));
        Assert.That(Record(Signalled(), RiskLevel.High, FamilyRelocation.Requested).Refusal, Is.Null);
        var state = Signalled().Apply(Record(Signalled(), RiskLevel.High, FamilyRelocation.None));
        var memberId = state.FamilyMembers!.Single().MemberId;
        var lowered = ReassessingFamilyMember.Decide(state, new ReassessingFamilyMember.ReassessFamilyMember(RiskLevel.Low, Relocation: FamilyRelocation.Requested) { MemberId = memberId }, Worker);
        Assert.That(lowered.Refusal?.Rule, Is.EqualTo("family-relocation-answers-risk"));
    }

    [Test]
    public void Family_relocated_names_country()
    {
        Assert.That(Record(Signalled(), RiskLevel.High, FamilyRelocation.Relocated).Refusal?.Rule, Is.EqualTo("family-relocated-names-country"));
        var state = Signalled().Apply(Record(Signalled(), RiskLevel.High, FamilyRelocation.Relocated, "BE"));
        Assert.That(state.FamilyMembers!.Single() is { Relocation: FamilyRelocation.Relocated, RelocatedTo: "BE", Risk: RiskLevel.High }, Is.True);
    }

    [Test]
    public void Family_member_unknown() =>
        Assert.That(ReassessingFamilyMember.Decide(Signalled(), new ReassessingFamilyMember.ReassessFamilyMember(RiskLevel.Medium) { MemberId = Guid.NewGuid() }, Worker).Refusal?.Rule,
            Is.EqualTo("family-member-unknown"));

    [Test]
    public void Family_members_personal_data_is_never_in_an_event()
    {
        var decision = Record(Signalled(), RiskLevel.Medium, FamilyRelocation.None, names: ["Mihai Exemplu"]);
        Assert.That(decision.Events.OfType<FamilyMemberRecorded>().Single().PersonalDataFields, Is.EqualTo(new[] { "names" }));
        Assert.That(decision.Events.OfType<PersonalDataRecorded>().Single().Sealed, Is.EqualTo("digest"), "the vault write is recorded on the case as the person's is");
        Assert.That(string.Join("|", decision.Events.Select(e => System.Text.Json.JsonSerializer.Serialize(e))), Does.Not.Contain("Mihai"));
    }

    [Test]
    public async Task A_family_member_is_recorded_read_reassessed_and_its_personal_data_erased_with_the_persons()
    {
        using var focalPoint = Client();
        var (caseId, etag) = await OpenCaseAsync(focalPoint);
        var cases = $"/api/identification/cases/{caseId}";
        var put = await focalPoint.SendWithIfMatchAsync(HttpMethod.Put, $"{cases}/personal-data", new { names = new[] { "Ana Ionescu" }, nationality = "RO" }, etag);
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());

        var (memberId, location) = await focalPoint.DecideOnAsync(cases, "family-members", new
        {
            relation = "child", risk = "high", country = "RO", protectiveMeasures = new[] { "family-safety-check" }, relocation = "requested",
            names = new[] { "Mihai Ionescu" }, contact = "+40 700 000 001", reasons = "The recruiter visited the family home",
        }, HttpStatusCode.Created).CreatedAsync("memberId");
        Assert.That(location, Is.EqualTo($"{cases}/family-members/{memberId}"));

        // The case (and whoever may read it) sees the codes; the names only the vault, with the person's.
        var member = await focalPoint.GetFromJsonAsync<JsonElement>(location);
        Assert.That((member.GetProperty("relation").GetString(), member.GetProperty("risk").GetString(), member.GetProperty("relocation").GetString()), Is.EqualTo(("child", "high", "requested")));
        Assert.That(member.GetProperty("personalDataFields").EnumerateArray().Select(f => f.GetString()), Is.EqualTo(new[] { "names", "contact" }));
        var history = await focalPoint.GetStringAsync($"{cases}/history?purpose=audit");
        Assert.That(history, Does.Contain("family_member_recorded").And.Not.Contain("Mihai"));

        // A PUT of the person's data keeps the family member's.
        var (_, current) = await focalPoint.GetWithETagAsync(cases);
        var corrected = await focalPoint.SendWithIfMatchAsync(HttpMethod.Put, $"{cases}/personal-data", new { names = new[] { "Ana Ionescu-Marin" }, nationality = "RO" }, current);
        Assert.That(corrected.StatusCode, Is.EqualTo(HttpStatusCode.OK), await corrected.Content.ReadAsStringAsync());
        var data = await focalPoint.GetFromJsonAsync<JsonElement>($"{cases}/personal-data?purpose=identification");
        Assert.That(data.GetProperty("names")[0].GetString(), Is.EqualTo("Ana Ionescu-Marin"));
        var family = data.GetProperty("familyMembers").EnumerateArray().Single();
        Assert.That((family.GetProperty("memberId").GetGuid(), family.GetProperty("names")[0].GetString(), family.GetProperty("contact").GetString()), Is.EqualTo((memberId, "Mihai Ionescu", "+40 700 000 001")));

        await focalPoint.DecideAsync($"{location}/reassessment", new { risk = "medium", protectiveMeasures = new[] { "secure-communication" }, relocation = "relocated", relocatedTo = "RO" }, cases);
        member = await focalPoint.GetFromJsonAsync<JsonElement>(location);
        Assert.That((member.GetProperty("risk").GetString(), member.GetProperty("relocatedTo").GetString()), Is.EqualTo(("medium", "RO")));

        // Erased with the person's data: the codes stay on the case, the names are gone, no new ones are written.
        await focalPoint.DecideAsync($"{cases}/erasure", new { legalBasis = "GDPR art. 17(1)(a)", reasons = "Retention ended" }, cases);
        Assert.That((await focalPoint.GetAsync($"{cases}/personal-data?purpose=identification")).StatusCode, Is.EqualTo(HttpStatusCode.Gone));
        Assert.That((await focalPoint.GetFromJsonAsync<JsonElement>(location)).GetProperty("relation").GetString(), Is.EqualTo("child"));
        var refused = await focalPoint.DecideOnAsync(cases, "family-members", new { relation = "parent", risk = "medium", names = new[] { "Elena Ionescu" } }, HttpStatusCode.Conflict);
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("personal-data-erased"));
        await focalPoint.DecideOnAsync(cases, "family-members", new { relation = "parent", risk = "medium", country = "RO" }, HttpStatusCode.Created);
    }
}
