using System.Text.RegularExpressions;

namespace TransnationalReferral.Identification.Cases;

/// <summary>A guardian is appointed for a child or presumed child: the organisation and a pseudonymous reference, never a name.</summary>
public static partial class AppointingGuardian
{
    public sealed record AppointGuardian(string GuardianOrganisation, string GuardianReference, string? Reasons = null);

    public static Decision Decide(IdentificationCase state, AppointGuardian command, DecisionContext context) =>
        !state.IsTreatedAsChild
            ? Refusal.Conflict("guardian-for-a-child", "A guardian is appointed for a child or presumed child.")
            : Decision.Accept(new GuardianAppointed(state.Id, command.GuardianOrganisation, command.GuardianReference, context.Now));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex Code();

    public static RouteHandlerBuilder MapAppointingGuardian(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/guardian", async (Guid caseId, AppointGuardian command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Code().IsMatch(command.GuardianOrganisation) || !Code().IsMatch(command.GuardianReference)
                    ? Problems.Invalid("guardianReference", "the guardian's organisation code and a pseudonymous reference (letters, digits, . _ -), never a name.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(ProtectingChildren.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "AppointGuardian", "Appoint a guardian for a child (organisation and pseudonymous reference).");
}
