namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Temporary residence permits for victims: issued, renewed, refused (with reasons), and their expiry as a
/// durable deadline. An expired permit never closes the assistance: it opens a review of the case.
/// </summary>
public static class TrackingResidenceStatus
{
    public const string LegalBasis = "CETS 197 art. 14; Directive 2004/81/EC — residence permits for victims";
    public const string ExpiryDeadline = "residence-permit-expiry";

    public enum PermitDecision { Issued, Renewed, Refused }

    private const string PermitTypeAndReasons = "the permit type (at most 100 characters) and the reasons are required.";

    [Reasons(PermitTypeAndReasons)]
    public sealed record RecordPermitDecision(PermitDecision Decision, string PermitType, DateTimeOffset? ExpiresAt, string Reasons);

    public static Decision Decide(ProtectionCase state, RecordPermitDecision command, DecisionContext context)
    {
        if (command.Decision != PermitDecision.Refused && (command.ExpiresAt is not { } expires || expires <= context.Now))
            return new Refusal("permit-expiry-in-future", "An issued or renewed permit has an expiry date in the future.");
        return command.Decision switch
        {
            PermitDecision.Issued => Decision.Accept(new ResidencePermitIssued(state.Id, command.PermitType, command.ExpiresAt!.Value, context.Now)),
            PermitDecision.Renewed when state.Permit is null => Refusal.Conflict("permit-renewal-needs-permit", "There is no permit to renew."),
            PermitDecision.Renewed => Decision.Accept(new ResidencePermitRenewed(state.Id, command.ExpiresAt!.Value, context.Now)),
            _ => Decision.Accept(new ResidencePermitRefused(state.Id, command.PermitType, context.Now)),
        };
    }

    public static RouteGroupBuilder MapTrackingResidenceStatus(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/residence-permits", async (Guid caseId, RecordPermitDecision command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.PermitType) || command.PermitType.Length > 100
                    ? Problems.Invalid("reasons", PermitTypeAndReasons)
                    : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct,
                        whenAccepted: async events =>
                        {
                            var expiresAt = events.OfType<ResidencePermitIssued>().FirstOrDefault()?.ExpiresAt ?? events.OfType<ResidencePermitRenewed>().FirstOrDefault()?.ExpiresAt;
                            if (expiresAt is { } due) await session.ScheduleAsync(caseId, ExpiryDeadline, due, ct);
                            else session.Cancel(caseId, ExpiryDeadline);
                        }),
            Permissions.DecideOnCase, "RecordResidencePermitDecision", "Record a residence permit issued, renewed or refused (with reasons); its expiry is tracked.");
        return cases;
    }

    /// <summary>A valid permit that expires soon, with the reflection period alongside.</summary>
    public sealed record ExpiringPermit(Guid CaseId, string PermitType, DateTimeOffset ExpiresAt, ReflectionPeriod? ReflectionPeriod, IReadOnlyList<string> OpenReviews);

    /// <summary><c>GET /api/protection/residence-permits/expiring</c>: valid permits expiring within n days, in the caller's scope.</summary>
    public static RouteGroupBuilder MapExpiringPermits(this RouteGroupBuilder permits)
    {
        permits.MapGet("/expiring", async (int? withinDays, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var days = withinDays ?? 30;
                if (days is < 1 or > 366) return Problems.Invalid("withinDays", "between 1 and 366.");
                var actor = http.Actor();
                var now = http.Now();
                var until = now.AddDays(days);
                var candidates = await session.Query<ProtectionCase>()
                    .Where(c => c.Jurisdiction == actor.Jurisdiction && c.Permit != null && c.Permit.Status == PermitStatus.Valid && c.Permit.ExpiresAt <= until)
                    .ToListAsync(ct);
                var registered = (await session.LoadManyAsync<RegisteredCase>(ct, candidates.Select(c => c.Id))).ToDictionary(r => r.Id);
                return Results.Ok(candidates
                    .Where(c => registered.GetValueOrDefault(c.Id)?.Allows(actor, now) == true)
                    .OrderBy(c => c.Permit!.ExpiresAt)
                    .Select(c => new ExpiringPermit(c.Id, c.Permit!.PermitType, c.Permit.ExpiresAt!.Value, c.ReflectionPeriod, c.OpenReviews ?? []))
                    .ToList());
            })
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("ListExpiringResidencePermits")
            .WithSummary("Valid residence permits expiring within ?withinDays= (default 30) in the cases you may see, soonest first, with the reflection period alongside.")
            .Produces<IReadOnlyList<ExpiringPermit>>();
        return permits;
    }
}

/// <summary>A permit that expires opens a review; the assistance goes on unchanged.</summary>
public sealed class ResidencePermitExpiry : IDeadlineHandler
{
    public string Kind => TrackingResidenceStatus.ExpiryDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ProtectionCase>(deadline.CaseId, ct);
        if (stream.Aggregate?.Permit is not { Status: PermitStatus.Valid } permit || permit.ExpiresAt > context.Now) return;
        stream.AppendMany([new ResidencePermitExpired(deadline.CaseId, context.Now), new CaseReviewOpened(deadline.CaseId, "residence-permit-expired", context.Now)]);
        session.Record(new DecisionBasis(TrackingResidenceStatus.LegalBasis, "The residence permit expired: the case is reviewed; assistance continues."));
    }
}
