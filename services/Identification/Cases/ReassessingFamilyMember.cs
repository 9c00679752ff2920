namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A family member's risk, protective measures and relocation re-assessed (and where they are now, when that changed):
/// every re-assessment is kept in the case's history; a relocation answers a medium or high risk.
/// </summary>
public static class ReassessingFamilyMember
{
    /// <param name="MemberId">From the route; not part of the body.</param>
    public sealed record ReassessFamilyMember(RiskLevel Risk, IReadOnlyList<FamilyProtectiveMeasure>? ProtectiveMeasures = null, FamilyRelocation Relocation = FamilyRelocation.None,
        string? RelocatedTo = null, string? Country = null, string? Reasons = null, [property: JsonIgnore] Guid MemberId = default);

    public static Decision Decide(IdentificationCase state, ReassessFamilyMember command, DecisionContext context)
    {
        if (state.FamilyMembers?.Any(m => m.MemberId == command.MemberId) != true)
            return Refusal.Conflict("family-member-unknown", $"No family member {command.MemberId} on this case.");
        if (RecordingFamilyMember.RelocationAnswersRisk(command.Risk, command.Relocation, command.RelocatedTo) is { } refusal) return refusal;
        return Decision.Accept(new FamilyMemberReassessed(state.Id, command.MemberId, command.Country, command.Risk, (command.ProtectiveMeasures ?? []).Distinct().ToList(),
            command.Relocation, command.RelocatedTo, context.Now));
    }

    public static RouteHandlerBuilder MapReassessingFamilyMember(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/family-members/{memberId:guid}/reassessment",
            (Guid caseId, Guid memberId, ReassessFamilyMember command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Country is { } country && !Jurisdictions.IsValid(country) ? Task.FromResult(Problems.Invalid("country", "an ISO 3166-1 alpha-2 code."))
                : command.RelocatedTo is { } to && !Jurisdictions.IsValid(to) ? Task.FromResult(Problems.Invalid("relocatedTo", "an ISO 3166-1 alpha-2 code."))
                : session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command with { MemberId = memberId }, context),
                    new DecisionBasis(RecordingFamilyMember.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "ReassessFamilyMember", "Re-assess a family member's risk, protective measures and relocation (and where they are).");
}
