using TransnationalReferral.ServiceDefaults.Operations;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// <c>/api/protection/referrals</c>: where providers answer the referrals addressed to them, and case workers
/// follow them. A provider sees only its own organisation's referrals in its jurisdiction; everyone else the
/// referrals of cases they may see. Anything else is "not found". The provider's decisions are files of their own:
/// <see cref="AnsweringReferral"/>, <see cref="StartingReferral"/>, <see cref="ConcludingReferral"/>.
/// </summary>
public static class ReferralInbox
{
    private static bool MaySee(ReferralRecord referral, RegisteredCase? registered, Actor actor, DateTimeOffset now) =>
        actor.Role == Roles.ServiceProvider
            ? referral.ProviderOrganisation == actor.Organisation && referral.Jurisdiction == actor.Jurisdiction
            : registered?.Allows(actor, now) == true;

    private static async Task<ReferralRecord?> FindAsync(IQuerySession session, Guid referralId, HttpContext http, CancellationToken ct)
    {
        var referral = await session.LoadAsync<ReferralRecord>(referralId, ct);
        if (referral is null) return null;
        var registered = await session.LoadAsync<RegisteredCase>(referral.CaseId, ct);
        return MaySee(referral, registered, http.Actor(), http.Now()) ? referral : null;
    }

    /// <summary>A decision on one referral of the case, or "referral-unknown" when the case has no such referral.</summary>
    public static Decision OnReferral(ProtectionCase state, Guid referralId, Func<Referral, Decision> decide) =>
        (state.Referrals ?? []).FirstOrDefault(r => r.ReferralId == referralId) is { } referral
            ? decide(referral)
            : Refusal.Conflict("referral-unknown", $"No referral {referralId} on this case.");

    /// <summary>
    /// A provider's decision on a referral it may see (else "not found"), on the case the referral belongs to, taken on
    /// the referral's own version (If-Match: the referral's ETag, <see cref="Referral.Version"/>), which answers the
    /// referral's new version; an answer cancels the response deadline and records the time to answer.
    /// </summary>
    public static async Task<IResult> DecideOnReferralAsync(IDocumentSession session, Guid referralId, HttpContext http,
        Func<ProtectionCase, DecisionContext, Decision> decide, string? reasons, CancellationToken ct)
    {
        if (await FindAsync(session, referralId, http, ct) is not { } referral) return Problems.NotFound("The referral");
        var part = new CasePart<ProtectionCase>(state => (state.Referrals ?? []).FirstOrDefault(r => r.ReferralId == referralId)?.Version,
            version => new ReferralDecisionAccepted(referralId, referral.CaseId, version));
        ProtectionCase? before = null;
        return await session.DecideOnPartAsync(referral.CaseId, part, http, (state, context) => decide(before = state, context), new DecisionBasis(Referring.LegalBasis, reasons), ct,
            whenAccepted: events =>
            {
                Operations.ProtectionFigures.WhenFirstPlaced(http, before, events);
                if (events.OfType<ReferralAnswered>().FirstOrDefault() is { } answered)
                {
                    session.Cancel(referral.CaseId, Referring.ResponseDeadline, referralId);
                    http.AfterCommitted(metrics => metrics.RecordDuration(Operations.ProtectionFigures.ReferralToAnswer, answered.AnsweredAt - referral.RequestedAt,
                        ("jurisdiction", referral.Jurisdiction), ("answer", answered.Accepted ? "accepted" : "declined")));
                }
                return Task.CompletedTask;
            });
    }

    public static RouteGroupBuilder MapReferralInbox(this RouteGroupBuilder referrals)
    {
        referrals.MapGet("/", async (string? status, bool? overdue, int? page, int? pageSize, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var size = pageSize ?? 50;
                var number = page ?? 1;
                if (size is < 1 or > 200) return Problems.Invalid("pageSize", "between 1 and 200.");
                if (number < 1) return Problems.Invalid("page", "from 1.");
                ReferralStatus? wanted = null;
                if (status is not null)
                {
                    if (!Codes.TryParse<ReferralStatus>(status, out var parsed)) return Problems.Invalid("status", $"one of {string.Join(", ", Enum.GetValues<ReferralStatus>().Select(s => Codes.Of(s)))}.");
                    wanted = parsed;
                }
                var actor = http.Actor();
                var now = http.Now();
                var query = session.Query<ReferralRecord>().Where(r => r.Jurisdiction == actor.Jurisdiction);
                if (actor.Role == Roles.ServiceProvider) query = query.Where(r => r.ProviderOrganisation == actor.Organisation);
                if (wanted is { } w) query = query.Where(r => r.Status == w);
                if (overdue is { } o) query = query.Where(r => r.Overdue == o && r.Status == ReferralStatus.Requested);
                var candidates = await query.OrderBy(r => r.RequestedAt).ToListAsync(ct);
                var cases = await session.LoadManyAsync<RegisteredCase>(ct, candidates.Select(c => c.CaseId).Distinct());
                var byId = cases.ToDictionary(c => c.Id);
                var visible = candidates.Where(r => MaySee(r, byId.GetValueOrDefault(r.CaseId), actor, now)).ToList();
                return Results.Ok(new ReferralPage(visible.Skip((number - 1) * size).Take(size).ToList(), number, size, visible.Count > number * size));
            })
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("ListReferrals")
            .WithSummary("Referrals in your scope — a provider: those addressed to it; others: those of cases they may see. ?status=requested, ?overdue=true for the overdue ones.")
            .Produces<ReferralPage>();

        referrals.MapGet("/{referralId:guid}", async (Guid referralId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                if (await FindAsync(session, referralId, http, ct) is not { } referral) return Problems.NotFound("The referral");
                http.Response.Headers.ETag = ETags.Format(referral.ReferralVersion); // the referral's own version, not its case's
                return Results.Ok(referral);
            })
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("GetReferral")
            .WithSummary("One referral; the ETag is the referral's own version, to send in If-Match when deciding on it (decisions on the rest of the case leave it as it is).")
            .Produces<ReferralRecord>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return referrals;
    }
}

/// <summary>The answer to a provider's decision on a referral: <see cref="Version"/> is the referral's new version (its ETag).</summary>
public sealed record ReferralDecisionAccepted(Guid ReferralId, Guid CaseId, long Version);
