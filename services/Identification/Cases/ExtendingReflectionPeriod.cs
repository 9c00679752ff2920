using Microsoft.Extensions.Options;

namespace TransnationalReferral.Identification.Cases;

/// <summary>A running reflection period is extended, with reasons; its warning and expiry deadlines move with it.</summary>
public static class ExtendingReflectionPeriod
{
    [Reasons("why the period is extended.")]
    public sealed record ExtendReflectionPeriod(int AdditionalDays, string Reasons);

    public static Decision Decide(IdentificationCase state, ExtendReflectionPeriod command, DecisionContext context)
    {
        if (state.ReflectionPeriod is not { IsRunning: true } period)
            return Refusal.Conflict("reflection-period-not-running", "There is no running reflection period to extend.");
        if (command.AdditionalDays is < 1 or > 365)
            return new Refusal("reflection-period-extension", "An extension adds between 1 and 365 days.");
        return Decision.Accept(new ReflectionPeriodExtended(state.Id, period.EndsAt, period.EndsAt.AddDays(command.AdditionalDays), context.Now));
    }

    public static RouteHandlerBuilder MapExtendingReflectionPeriod(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/reflection-period/extension", async (Guid caseId, ExtendReflectionPeriod command, HttpContext http, IDocumentSession session, IOptions<IdentificationOptions> options, CancellationToken ct) =>
                await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(ChangingReflectionPeriod.LegalBasis, command.Reasons), ct,
                        whenAccepted: async events =>
                        {
                            var extended = events.OfType<ReflectionPeriodExtended>().Single();
                            await session.ScheduleAsync(caseId, RecognisingPresumedVictim.WarningDeadline, extended.EndsAt.AddDays(-options.Value.ReflectionPeriodWarningDays), ct);
                            await session.ScheduleAsync(caseId, RecognisingPresumedVictim.ExpiryDeadline, extended.EndsAt, ct);
                        }),
            Permissions.DecideOnCase, "ExtendReflectionPeriod", "Extend the running reflection period, with reasons.");
}
