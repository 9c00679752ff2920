using JasperFx.Events;
using Marten.Events.Projections;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// One referral as a provider sees it: the case id, the service, whether the person is a child, the
/// gender-specific shelter asked for, the status and the response time. Nothing else about the case.
/// <see cref="ReferralVersion"/> is the referral's own version, its ETag: the number of events about it (as
/// <see cref="Referral.Version"/> in the case's state, which the provider's decisions check If-Match against). Not
/// named <c>Version</c>: Marten would take a document's <c>Version</c> for its own revision number.
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
    DateTimeOffset? ConcludedAt = null,
    long ReferralVersion = 1,
    EmergencyHelp? Emergency = null);

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

    /// <summary>Every event about the referral after its request moves its version by one (the request makes it 1). (Not named Apply: Marten would take it for a conventional method.)</summary>
    public override ReferralRecord? Evolve(ReferralRecord? snapshot, Guid id, IEvent e) => Next(snapshot, e) switch
    {
        { } next when snapshot is not null && !ReferenceEquals(next, snapshot) => next with { ReferralVersion = snapshot.ReferralVersion + 1 },
        var next => next,
    };

    private static ReferralRecord? Next(ReferralRecord? snapshot, IEvent e) => (snapshot, e.Data) switch
    {
        (null, ReferralRequested r) => new ReferralRecord(r.ReferralId, r.CaseId, r.Jurisdiction, r.ProviderOrganisation, r.Service, r.ChildCase, r.GenderSpecific,
            ReferralStatus.Requested, r.RequestedAt, r.RespondBy, Emergency: r.Emergency),
        ({ } s, ReferralAnswered a) => s with { Status = a.Accepted ? ReferralStatus.Accepted : ReferralStatus.Declined, DeclineReason = a.DeclineReason, AnsweredAt = a.AnsweredAt },
        ({ } s, ReferralStarted) => s with { Status = ReferralStatus.InProgress },
        ({ } s, ReferralConcluded c) => s with { Status = c.Successful ? ReferralStatus.Completed : ReferralStatus.NotSuccessful, ConcludedAt = c.ConcludedAt },
        ({ } s, ReferralOverdue) => s with { Overdue = true },
        _ => snapshot,
    };
}

/// <summary>A page of referrals.</summary>
public sealed record ReferralPage(IReadOnlyList<ReferralRecord> Items, int Page, int PageSize, bool HasMore);
