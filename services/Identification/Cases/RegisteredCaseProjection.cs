using JasperFx.Events;
using Marten.Events.Aggregation;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// The case register (who holds the case, who it is shared with) projected from the case's own events in
/// the same transaction as the decision, so access follows a share or revocation at once.
/// </summary>
public sealed class RegisteredCaseProjection : SingleStreamProjection<RegisteredCase, Guid>
{
    public override RegisteredCase? Evolve(RegisteredCase? snapshot, Guid id, IEvent e) => (snapshot, e.Data) switch
    {
        (null, CaseOpened o) => new RegisteredCase(o.CaseId, o.VictimId, o.Jurisdiction, o.OwnerOrganisation, Codes.Of(o.ChildStatus), o.OpenedAt, []),
        ({ } s, CaseShared x) => s.WithGrant(new ShareGrant(x.GrantId, x.GranteeJurisdiction, x.GranteeOrganisation, Codes.Of(x.Purpose), x.ExpiresAt)),
        ({ } s, CaseShareRevoked x) => s.WithRevocation(x.GrantId, x.RevokedAt),
        _ => snapshot,
    };
}
