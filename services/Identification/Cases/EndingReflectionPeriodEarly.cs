namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A running reflection period ends early only at the person's own informed choice (for a child, with the guardian and
/// a best-interests assessment), for public order, or because victim status was claimed improperly — with reasons;
/// its deadlines are cancelled.
/// </summary>
public static class EndingReflectionPeriodEarly
{
    [Reasons("why the period ends early.")]
    public sealed record EndReflectionPeriod(ReflectionPeriodEndReason Reason, string Reasons);

    public static Decision Decide(IdentificationCase state, EndReflectionPeriod command, DecisionContext context)
    {
        if (state.ReflectionPeriod is not { IsRunning: true })
            return Refusal.Conflict("reflection-period-not-running", "There is no running reflection period to end.");
        if (command.Reason == ReflectionPeriodEndReason.PersonsInformedChoice && !state.ChildSafeguardsInPlace)
            return new Refusal("child-guardian-and-best-interests-first",
                "The person is a child or presumed child: ending the reflection period by choice needs the guardian and a best-interests assessment first.",
                "CETS 197 art. 10(4); UN CRC art. 3(1)", Next: state.GuardianOrganisation is null ? "POST /api/identification/cases/{caseId}/guardian" : "POST /api/identification/cases/{caseId}/best-interests-assessment");
        if (command.Reason == ReflectionPeriodEndReason.Expired)
            return new Refusal("reflection-period-early-end-grounds",
                "A reflection period ends early only at the person's own informed choice, for public order, or because victim status was claimed improperly — it expires by itself.",
                "CETS 197 art. 13(3)");
        return Decision.Accept(new ReflectionPeriodEnded(state.Id, command.Reason, context.Now));
    }

    public static RouteHandlerBuilder MapEndingReflectionPeriodEarly(this RouteGroupBuilder cases) =>
        cases.MapDecision<IdentificationCase, EndReflectionPeriod>("/{caseId:guid}/reflection-period/early-end", Decide, ChangingReflectionPeriod.LegalBasis,
            Permissions.DecideOnCase, "EndReflectionPeriodEarly", "End the reflection period early: the person's informed choice, public order, or victim status claimed improperly, with reasons.",
            cancels: [RecognisingPresumedVictim.WarningDeadline, RecognisingPresumedVictim.ExpiryDeadline]);
}
