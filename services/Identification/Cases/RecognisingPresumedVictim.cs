using Microsoft.Extensions.Options;
using TransnationalReferral.ServiceDefaults.Operations;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// How long the recovery and reflection period lasts in this jurisdiction, when its end is announced, and
/// which roles the jurisdiction designates as competent authority for identification decisions.
/// A period below 30 days is refused at start-up (CETS 197 art. 13).
/// </summary>
public sealed class IdentificationOptions
{
    public const int MinimumReflectionPeriodDays = 30;
    public int ReflectionPeriodDays { get; set; } = MinimumReflectionPeriodDays;
    public int ReflectionPeriodWarningDays { get; set; } = 5;
    public string[] CompetentAuthorityRoles { get; set; } = [Roles.FocalPoint];
}

/// <summary>
/// The reasonable-grounds decision: the person is a presumed victim. Taken only by a competent authority,
/// only after the person was informed of their rights, with reasons. It entitles the person to assistance
/// at once (published to Protection) and starts the recovery and reflection period, whose warning and
/// expiry are durable deadlines.
/// </summary>
public static class RecognisingPresumedVictim
{
    public const string LegalBasis = "CETS 197 art. 10(2) (reasonable grounds) and art. 13 (recovery and reflection period); Directive 2011/36/EU art. 11(2)";
    public const string WarningDeadline = "reflection-period-warning";
    public const string ExpiryDeadline = "reflection-period-expiry";

    [Reasons("the written reasons of the decision.")]
    public sealed record RecognisePresumedVictim(string Reasons, int? ReflectionPeriodDays = null);

    public static Decision Decide(IdentificationCase state, RecognisePresumedVictim command, DecisionContext context, IdentificationOptions options)
    {
        if (!options.CompetentAuthorityRoles.Contains(context.Actor.Role))
            return new Refusal("reasonable-grounds-by-competent-authority",
                $"A reasonable-grounds decision is taken by the competent authority the jurisdiction designates ({string.Join(", ", options.CompetentAuthorityRoles)}), not by a {context.Actor.Role}.",
                "CETS 197 art. 10(1) and (2)");
        if (state.InformationOnRights is null)
            return new Refusal("information-before-identification-decision",
                "Record that the person was informed of their rights, the assistance available and the reflection period before taking an identification decision.",
                "CETS 197 art. 12(1)(d) and art. 13", Next: "POST /api/identification/cases/{caseId}/information-on-rights");
        if (state.RecognisedAt is not null)
            return Refusal.Conflict("already-recognised", "The person was already recognised as a presumed victim.");
        var days = command.ReflectionPeriodDays ?? options.ReflectionPeriodDays;
        if (days < IdentificationOptions.MinimumReflectionPeriodDays)
            return new Refusal("reflection-period-minimum",
                $"A recovery and reflection period must be at least {IdentificationOptions.MinimumReflectionPeriodDays} days (Council of Europe Convention, art. 13); {days} days were asked.",
                "CETS 197 art. 13(1)");

        return Decision.Accept(
            new PresumedVictimRecognised(state.Id, state.Jurisdiction, state.ChildStatus, context.Now),
            new ReflectionPeriodStarted(state.Id, context.Now, context.Now.AddDays(days)));
    }

    public static RouteHandlerBuilder MapRecognisingPresumedVictim(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/reasonable-grounds", async (Guid caseId, RecognisePresumedVictim command, HttpContext http, IDocumentSession session, IOptions<IdentificationOptions> options, CancellationToken ct) =>
            {
                var openedAt = DateTimeOffset.MinValue;
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) =>
                    {
                        openedAt = state.OpenedAt;
                        return Decide(state, command, context, options.Value);
                    },
                    new DecisionBasis(LegalBasis, command.Reasons), ct,
                    whenAccepted: async events =>
                    {
                        var recognised = events.OfType<PresumedVictimRecognised>().Single();
                        http.AfterCommitted(metrics => metrics.RecordDuration(Operations.IdentificationFigures.SignalToReasonableGrounds,
                            recognised.RecognisedAt - openedAt, ("jurisdiction", recognised.Jurisdiction)));
                        var period = events.OfType<ReflectionPeriodStarted>().Single();
                        await session.ScheduleAsync(caseId, WarningDeadline, period.EndsAt.AddDays(-options.Value.ReflectionPeriodWarningDays), ct);
                        await session.ScheduleAsync(caseId, ExpiryDeadline, period.EndsAt, ct);
                    });
            },
            Permissions.DecideOnCase, "RecognisePresumedVictim", "Reasonable grounds: the person is a presumed victim; starts the reflection period (at least 30 days).");
}

/// <summary>The reflection period's durable deadlines: a warning before its end, and its expiry on time.</summary>
public sealed class ReflectionPeriodDeadlines(string kind) : IDeadlineHandler
{
    public string Kind { get; } = kind;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<IdentificationCase>(deadline.CaseId, ct);
        if (stream.Aggregate?.ReflectionPeriod is not { IsRunning: true } period) return; // ended otherwise meanwhile
        if (Kind == RecognisingPresumedVictim.WarningDeadline && !period.WarningGiven)
            stream.AppendOne(new ReflectionPeriodExpiring(deadline.CaseId, period.EndsAt, context.Now));
        else if (Kind == RecognisingPresumedVictim.ExpiryDeadline && period.EndsAt <= context.Now)
            stream.AppendOne(new ReflectionPeriodEnded(deadline.CaseId, ReflectionPeriodEndReason.Expired, context.Now));
        session.Record(new DecisionBasis("CETS 197 art. 13", Kind == RecognisingPresumedVictim.WarningDeadline ? "The reflection period ends soon." : "The reflection period ran its course."));
    }
}
