namespace TransnationalReferral.Return.Cases;

/// <summary>
/// The person's voluntary consent to return (the guardian's for a child, with a guardian appointed), counted only
/// once they were informed of every option and the jurisdiction's minimum reflection time has passed since.
/// </summary>
public static class GivingReturnConsent
{
    public sealed record GiveConsent(ConsentGiver GivenBy, string? Reasons = null);

    public static Decision Decide(ReturnCase state, GiveConsent command, DecisionContext context, TimeSpan minimumReflection)
    {
        if (PreparingReturn.NotPreparing(state) is { } refusal) return refusal;
        if (state.Information is not { } information)
            return ReturnGates.Closed("return-information-first", "Consent counts only once the person has been informed of all options.", "Trafficking Protocol art. 8",
                "POST /api/return/cases/{caseId}/return-information");
        if (context.Now < information.ProvidedAt + minimumReflection)
            return new Refusal("return-minimum-reflection-time",
                $"Consent to return counts only {minimumReflection.TotalDays:0} days after the information was given (on {information.ProvidedAt:yyyy-MM-dd}); it can be recorded from {(information.ProvidedAt + minimumReflection):yyyy-MM-dd HH:mm} UTC.",
                "TRM-EU SOP 4 — an informed decision with time to reflect");
        if (state.IsChild && command.GivenBy != ConsentGiver.Guardian)
            return new Refusal("child-return-needs-guardian-consent", "A child's consent to return is given with the guardian.", ReturnGates.ChildSource);
        if (state.IsChild && state.GuardianOrganisation is null)
            return new Refusal("child-needs-guardian", "A child's return is decided with the guardian taking part; no guardian is appointed.", ReturnGates.ChildSource,
                Next: "POST /api/identification/cases/{caseId}/guardian");
        return state.Consent is { IsActive: true } ? Decision.NothingToDo : Decision.Accept(new ReturnConsentGiven(state.Id, command.GivenBy, context.Now));
    }

    public static RouteHandlerBuilder MapGivingReturnConsent(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/return-consent", async (Guid caseId, GiveConsent command, HttpContext http, IDocumentSession session, ReturnOptions options, CancellationToken ct) =>
                await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c, options.MinimumReflection(s.Jurisdiction)), new DecisionBasis(PreparingReturn.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "GiveReturnConsent", "Record the voluntary consent to return (the guardian's for a child), counted only after the jurisdiction's minimum reflection time.");
}
