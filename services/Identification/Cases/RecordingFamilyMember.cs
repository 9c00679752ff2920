using TransnationalReferral.Identification.Vault;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A family member recorded under the person's case (UNTOC art. 24(1), 25(1); CETS 197 art. 28(1)(d); UNODC paper ¶14):
/// relation, where they are (country), the risk to them, the protective measures, their relocation. Their names and
/// contact go to the person's vault record, under the person's key — read with the person's data, erased with it — and
/// the event says only which fields were written. Readable on the case by whoever may read the case.
/// </summary>
public static class RecordingFamilyMember
{
    public const string LegalBasis = "UNTOC art. 24(1) and (2)(a), art. 25(1); CETS 197 art. 28(1)(d) — protection of victims' family members; GDPR art. 9(2)(g)";

    /// <param name="Country">ISO 3166-1 alpha-2 code of where the family member is.</param>
    /// <param name="RelocatedTo">Where they were relocated to (ISO 3166-1 alpha-2), once relocated.</param>
    /// <param name="Names">The family member's names: to the vault, never to an event.</param>
    /// <param name="Contact">How to reach them: to the vault, never to an event.</param>
    /// <param name="MemberId">Minted by the endpoint; not part of the body.</param>
    public sealed record RecordFamilyMember(FamilyRelation Relation, RiskLevel Risk, string? Country = null, IReadOnlyList<FamilyProtectiveMeasure>? ProtectiveMeasures = null,
        FamilyRelocation Relocation = FamilyRelocation.None, string? RelocatedTo = null, IReadOnlyList<string>? Names = null, string? Contact = null, string? Reasons = null,
        [property: JsonIgnore] Guid MemberId = default);

    /// <summary>
    /// A relocation answers a risk (UNTOC art. 24(2)(a): relocation protects from retaliation or intimidation): requested
    /// or carried out only for a medium or high risk, and a relocation carried out names where to.
    /// </summary>
    public static Refusal? RelocationAnswersRisk(RiskLevel risk, FamilyRelocation relocation, string? relocatedTo) =>
        relocation != FamilyRelocation.None && risk == RiskLevel.Low
            ? new Refusal("family-relocation-answers-risk", "A family member's relocation answers a medium or high risk; the risk assessed is low.", "UNTOC art. 24(2)(a)")
        : relocation == FamilyRelocation.Relocated && relocatedTo is null
            ? new Refusal("family-relocated-names-country", "A family member relocated names the country they were relocated to (relocatedTo).", "UNTOC art. 24(3)")
        : null;

    /// <param name="sealedDigest">The digest of the person's vault record written with the member's data; null when the person's data was erased.</param>
    public static Decision Decide(IdentificationCase state, RecordFamilyMember command, string? sealedDigest, PersonalData written, DecisionContext context)
    {
        if (RelocationAnswersRisk(command.Risk, command.Relocation, command.RelocatedTo) is { } refusal) return refusal;
        var fields = new (string Name, bool Present)[] { ("names", command.Names is { Count: > 0 }), ("contact", command.Contact is not null) }.Where(f => f.Present).Select(f => f.Name).ToList();
        var recorded = new FamilyMemberRecorded(state.Id, command.MemberId, command.Relation, command.Country, command.Risk, (command.ProtectiveMeasures ?? []).Distinct().ToList(),
            command.Relocation, command.RelocatedTo, fields, context.Now);
        if (fields.Count == 0) return Decision.Accept(recorded);
        var personalData = RecordingPersonalData.Decide(state, written, sealedDigest, context);
        return personalData.Refusal is { } erased ? erased : Decision.Accept([recorded, .. personalData.Events]);
    }

    /// <summary>A family member recorded: its id (to read or re-assess it), its case and the case's new version (the ETag).</summary>
    public sealed record FamilyMemberCreated(Guid CaseId, Guid MemberId, long Version);

    public static RouteGroupBuilder MapRecordingFamilyMember(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/family-members", async (Guid caseId, RecordFamilyMember command, HttpContext http, IDocumentSession session, PersonalDataVault vault, CancellationToken ct) =>
            {
                if (command.Country is { } country && !Jurisdictions.IsValid(country)) return Problems.Invalid("country", "an ISO 3166-1 alpha-2 code.");
                if (command.RelocatedTo is { } to && !Jurisdictions.IsValid(to)) return Problems.Invalid("relocatedTo", "an ISO 3166-1 alpha-2 code.");
                if (command.Names?.Any(n => string.IsNullOrWhiteSpace(n) || n.Length > 200) == true) return Problems.Invalid("names", "each value 1 to 200 characters.");
                if (command.Contact is { } contact && (string.IsNullOrWhiteSpace(contact) || contact.Length > 500)) return Problems.Invalid("contact", "1 to 500 characters.");
                var member = command with { MemberId = Guid.CreateVersion7() };
                var basis = new DecisionBasis(LegalBasis, command.Reasons);
                var creates = new Creates($"/api/identification/cases/{caseId}/family-members/{member.MemberId}", version => new FamilyMemberCreated(caseId, member.MemberId, version));
                if (command.Names is not { Count: > 0 } && command.Contact is null)
                    return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, member, null, new PersonalData(), context), basis, ct, creates: creates);
                return await RecordingPersonalData.WriteAsync(session, vault, caseId, http,
                    stored => (stored ?? new PersonalData()) with { FamilyMembers = [.. stored?.FamilyMembers ?? [], new FamilyMemberPersonalData(member.MemberId, command.Names, command.Contact)] },
                    (state, written, sealedDigest, context) => Decide(state, member, sealedDigest, written, context), basis, ct, creates);
            },
            Permissions.WritePersonalData, "RecordFamilyMember",
            "Record a family member under the person's case: relation, country, risk, protective measures, relocation (codes, on the case); names and contact to the person's vault record, erased with it. 201: Location is the family member.")
            .Produces<FamilyMemberCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<IdentificationCase, FamilyMember>("family-members", (state, memberId) => state.FamilyMembers?.FirstOrDefault(m => m.MemberId == memberId), "family member", "GetFamilyMember");
        return cases;
    }
}
