using System.Text.RegularExpressions;
using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A person whose age is uncertain is a presumed child until an age assessment decides otherwise. A child's
/// case needs a guardian and a best-interests assessment before decisions on the child's future.
/// </summary>
public static partial class ProtectingChildren
{
    public const string LegalBasis = "CETS 197 art. 10(3) and (4); Directive 2011/36/EU arts 13–16; UN CRC art. 3";

    public enum AssessedAs { Child, Adult }

    public sealed record RecordAgeAssessment(AssessedAs Outcome, string Method, string Reasons);

    public sealed record AppointGuardian(string GuardianOrganisation, string GuardianReference, string? Reasons = null);

    public sealed record RecordBestInterestsAssessment(string Reasons);

    public static Decision Decide(IdentificationCase state, RecordAgeAssessment command, DecisionContext context) =>
        state.ChildStatus != ChildStatus.PresumedChild
            ? Refusal.Conflict("age-assessment-when-age-uncertain", "An age assessment decides an uncertain age: this person's status is already determined.")
            : Decision.Accept(new AgeAssessed(state.Id, command.Outcome == AssessedAs.Child ? ChildStatus.Child : ChildStatus.Adult, context.Now));

    public static Decision Decide(IdentificationCase state, AppointGuardian command, DecisionContext context) =>
        !state.IsTreatedAsChild
            ? Refusal.Conflict("guardian-for-a-child", "A guardian is appointed for a child or presumed child.")
            : Decision.Accept(new GuardianAppointed(state.Id, command.GuardianOrganisation, command.GuardianReference, context.Now));

    public static Decision Decide(IdentificationCase state, RecordBestInterestsAssessment command, DecisionContext context)
    {
        if (!state.IsTreatedAsChild) return Refusal.Conflict("best-interests-for-a-child", "A best-interests assessment is made for a child or presumed child.");
        if (state.GuardianOrganisation is null)
            return new Refusal("best-interests-with-guardian", "The child's guardian takes part in the best-interests assessment: appoint the guardian first.", "Directive 2011/36/EU art. 14(2)");
        return Decision.Accept(new BestInterestsAssessed(state.Id, context.Now));
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex Code();

    public static RouteGroupBuilder MapProtectingChildren(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/age-assessment", async (Guid caseId, RecordAgeAssessment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) || string.IsNullOrWhiteSpace(command.Method) || command.Method.Length > 200
                    ? Problems.Invalid("reasons", "the method (at most 200 characters) and the reasons of the assessment are required.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, $"{command.Method}: {command.Reasons}"), ct),
            Permissions.DecideOnCase, "RecordAgeAssessment", "Decide an uncertain age (the person is a presumed child until then). Needs If-Match.");

        cases.MapDecision("/{caseId:guid}/guardian", async (Guid caseId, AppointGuardian command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Code().IsMatch(command.GuardianOrganisation) || !Code().IsMatch(command.GuardianReference)
                    ? Problems.Invalid("guardianReference", "the guardian's organisation code and a pseudonymous reference (letters, digits, . _ -), never a name.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "AppointGuardian", "Appoint a guardian for a child (organisation and pseudonymous reference). Needs If-Match.");

        cases.MapDecision("/{caseId:guid}/best-interests-assessment", async (Guid caseId, RecordBestInterestsAssessment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons)
                    ? Problems.Invalid("reasons", "the conclusions of the assessment are required.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RecordBestInterestsAssessment", "Record the child's best-interests assessment (with the guardian). Needs If-Match.");
        return cases;
    }
}
