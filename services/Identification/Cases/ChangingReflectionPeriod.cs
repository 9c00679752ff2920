using Marten;
using Microsoft.Extensions.Options;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A running reflection period can be extended, with reasons; it can end early only at the person's own
/// informed choice, or on the grounds the Convention allows (public order, victim status claimed improperly),
/// each with reasons. The durable deadlines move or are cancelled in the same transaction.
/// </summary>
public static class ChangingReflectionPeriod
{
    public const string LegalBasis = "CETS 197 art. 13(1) and (3)";

    public sealed record ExtendReflectionPeriod(int AdditionalDays, string Reasons);

    public sealed record EndReflectionPeriod(ReflectionPeriodEndReason Reason, string Reasons);

    public static Decision Decide(IdentificationCase state, ExtendReflectionPeriod command, DecisionContext context)
    {
        if (state.ReflectionPeriod is not { IsRunning: true } period)
            return Refusal.Conflict("reflection-period-not-running", "There is no running reflection period to extend.");
        if (command.AdditionalDays is < 1 or > 365)
            return new Refusal("reflection-period-extension", "An extension adds between 1 and 365 days.");
        return Decision.Accept(new ReflectionPeriodExtended(state.Id, period.EndsAt, period.EndsAt.AddDays(command.AdditionalDays), context.Now));
    }

    public static Decision Decide(IdentificationCase state, EndReflectionPeriod command, DecisionContext context)
    {
        if (state.ReflectionPeriod is not { IsRunning: true })
            return Refusal.Conflict("reflection-period-not-running", "There is no running reflection period to end.");
        if (command.Reason == ReflectionPeriodEndReason.PersonsInformedChoice && !state.ChildSafeguardsInPlace)
            return new Refusal("child-guardian-and-best-interests-first",
                "The person is a child or presumed child: ending the reflection period by choice needs the guardian and a best-interests assessment first.",
                "CETS 197 art. 10(4); UN CRC art. 3(1)");
        if (command.Reason == ReflectionPeriodEndReason.Expired)
            return new Refusal("reflection-period-early-end-grounds",
                "A reflection period ends early only at the person's own informed choice, for public order, or because victim status was claimed improperly — it expires by itself.",
                "CETS 197 art. 13(3)");
        return Decision.Accept(new ReflectionPeriodEnded(state.Id, command.Reason, context.Now));
    }

    public static RouteGroupBuilder MapChangingReflectionPeriod(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/reflection-period/extension", async (Guid caseId, ExtendReflectionPeriod command, HttpContext http, IDocumentSession session, IOptions<IdentificationOptions> options, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons)
                    ? Problems.Invalid("reasons", "why the period is extended.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct,
                        whenAccepted: async events =>
                        {
                            var extended = events.OfType<ReflectionPeriodExtended>().Single();
                            await session.ScheduleAsync(caseId, RecognisingPresumedVictim.WarningDeadline, extended.EndsAt.AddDays(-options.Value.ReflectionPeriodWarningDays), ct);
                            await session.ScheduleAsync(caseId, RecognisingPresumedVictim.ExpiryDeadline, extended.EndsAt, ct);
                        }),
            Permissions.DecideOnCase, "ExtendReflectionPeriod", "Extend the running reflection period, with reasons. Needs If-Match.");

        cases.MapDecision("/{caseId:guid}/reflection-period/early-end", async (Guid caseId, EndReflectionPeriod command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons)
                    ? Problems.Invalid("reasons", "why the period ends early.")
                    : await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct,
                        whenAccepted: _ =>
                        {
                            session.Cancel(caseId, RecognisingPresumedVictim.WarningDeadline);
                            session.Cancel(caseId, RecognisingPresumedVictim.ExpiryDeadline);
                            return Task.CompletedTask;
                        }),
            Permissions.DecideOnCase, "EndReflectionPeriodEarly", "End the reflection period early: the person's informed choice, public order, or victim status claimed improperly, with reasons. Needs If-Match.");
        return cases;
    }
}
