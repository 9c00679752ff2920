using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.Operations;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// One referral as a provider sees it: the case id, the service, whether the person is a child, the
/// gender-specific shelter asked for, the status and the response time. Nothing else about the case.
/// </summary>
public sealed record ReferralRecord(
    Guid Id,
    Guid CaseId,
    string Jurisdiction,
    string ProviderOrganisation,
    Need Service,
    bool ChildCase,
    GenderServed? GenderSpecific,
    ReferralStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? RespondBy,
    bool Overdue = false,
    DeclineReason? DeclineReason = null,
    DateTimeOffset? AnsweredAt = null,
    DateTimeOffset? ConcludedAt = null);

/// <summary>The referral records, projected from the cases' referral events in the same transaction as each decision.</summary>
public sealed class ReferralRecordProjection : MultiStreamProjection<ReferralRecord, Guid>
{
    public ReferralRecordProjection()
    {
        Identity<ReferralRequested>(e => e.ReferralId);
        Identity<ReferralAnswered>(e => e.ReferralId);
        Identity<ReferralStarted>(e => e.ReferralId);
        Identity<ReferralConcluded>(e => e.ReferralId);
        Identity<ReferralOverdue>(e => e.ReferralId);
    }

    public override ReferralRecord? Evolve(ReferralRecord? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, ReferralRequested r) => new ReferralRecord(r.ReferralId, r.CaseId, r.Jurisdiction, r.ProviderOrganisation, r.Service, r.ChildCase, r.GenderSpecific,
            ReferralStatus.Requested, r.RequestedAt, r.RespondBy),
        ({ } s, ReferralAnswered a) => s with { Status = a.Accepted ? ReferralStatus.Accepted : ReferralStatus.Declined, DeclineReason = a.DeclineReason, AnsweredAt = a.AnsweredAt },
        ({ } s, ReferralStarted) => s with { Status = ReferralStatus.InProgress },
        ({ } s, ReferralConcluded c) => s with { Status = c.Successful ? ReferralStatus.Completed : ReferralStatus.NotSuccessful, ConcludedAt = c.ConcludedAt },
        ({ } s, ReferralOverdue) => s with { Overdue = true },
        _ => snapshot,
    };
}

/// <summary>A page of referrals.</summary>
public sealed record ReferralPage(IReadOnlyList<ReferralRecord> Items, int Page, int PageSize, bool HasMore);

/// <summary>
/// <c>/api/protection/referrals</c>: where providers answer the referrals addressed to them, and case workers
/// follow them. A provider sees only its own organisation's referrals in its jurisdiction; everyone else the
/// referrals of cases they may see. Anything else is "not found".
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

    private static async Task<IResult> DecideOnReferralAsync(IDocumentSession session, Guid referralId, HttpContext http,
        Func<ProtectionCase, DecisionContext, Decision> decide, string? reasons, CancellationToken ct)
    {
        if (await FindAsync(session, referralId, http, ct) is not { } referral) return Problems.NotFound("The referral");
        return await session.DecideAsync(referral.CaseId, http, decide, new DecisionBasis(Referring.LegalBasis, reasons), ct,
            whenAccepted: events =>
            {
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
                var stream = await session.Events.FetchStreamStateAsync(referral.CaseId, ct);
                http.Response.Headers.ETag = ETags.Format(stream!.Version);
                return Results.Ok(referral);
            })
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("GetReferral")
            .WithSummary("One referral; the ETag is the version to send in If-Match when answering it.")
            .Produces<ReferralRecord>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        referrals.MapDecision("/{referralId:guid}/answer", (Guid referralId, Referring.AnswerReferral command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                DecideOnReferralAsync(session, referralId, http, (state, context) => Referring.Decide(state, referralId, command, context), command.Reasons, ct),
            Permissions.AnswerReferral, "AnswerReferral", "The provider accepts, or declines with a reason code and why. Needs If-Match (the referral's ETag).");
        referrals.MapDecision("/{referralId:guid}/start", (Guid referralId, Referring.StartReferral command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                DecideOnReferralAsync(session, referralId, http, (state, context) => Referring.Decide(state, referralId, command, context), command.Reasons, ct),
            Permissions.AnswerReferral, "StartReferral", "The provider started the service (the referral is in progress). Needs If-Match.");
        referrals.MapDecision("/{referralId:guid}/outcome", (Guid referralId, Referring.ConcludeReferral command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons)
                    ? Task.FromResult(Problems.Invalid("reasons", "the outcome, or why it was not successful."))
                    : DecideOnReferralAsync(session, referralId, http, (state, context) => Referring.Decide(state, referralId, command, context), command.Reasons, ct),
            Permissions.AnswerReferral, "ConcludeReferral", "Record the referral's outcome: completed, or not successful with the reason. Needs If-Match.");
        return referrals;
    }
}
