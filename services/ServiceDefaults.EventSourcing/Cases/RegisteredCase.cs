namespace TransnationalReferral.ServiceDefaults.Cases;

/// <summary>A recorded decision that lets another organisation or jurisdiction see a case, for a purpose, until it expires.</summary>
public sealed record ShareGrant(Guid GrantId, string? GranteeJurisdiction, string? GranteeOrganisation, string Purpose, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt = null)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;

    /// <summary>
    /// Whether the grant reaches the caller. A grant names a jurisdiction, an organisation or both; a grant to an
    /// organisation is for that organisation in the jurisdiction the grant names, or in the case's own jurisdiction
    /// when it names none (organisation codes are not unique across countries).
    /// </summary>
    public bool Covers(Actor actor, string caseJurisdiction) =>
        (GranteeOrganisation is not null || GranteeJurisdiction is not null) &&
        (GranteeOrganisation is null || GranteeOrganisation == actor.Organisation) &&
        (GranteeJurisdiction ?? caseJurisdiction) == actor.Jurisdiction;
}

/// <summary>A share grant's revocation, heard before (or without) the share it revokes.</summary>
public sealed record GrantRevocation(Guid GrantId, DateTimeOffset RevokedAt);

/// <summary>
/// Every service's record of a case it may be asked about: who holds it (jurisdiction, organisation), who it
/// was shared with, and the child status. The access check for every case endpoint reads this (no personal data).
/// In Identification it is projected from the case's own events in the same transaction; elsewhere it is
/// kept from Identification's integration events.
/// </summary>
public sealed record RegisteredCase(
    Guid Id,
    Guid VictimId,
    string Jurisdiction,
    string OwnerOrganisation,
    string ChildStatus,
    DateTimeOffset OpenedAt,
    IReadOnlyList<ShareGrant> Grants)
{
    /// <summary>Jurisdictions this case is shared with (denormalised for list queries).</summary>
    public IReadOnlyList<string> SharedWithJurisdictions { get; init; } = [];

    /// <summary>
    /// Revocations heard before the share they revoke (the register hears shares and revocations on separate queues):
    /// kept so that the share, when it arrives, lands revoked.
    /// </summary>
    public IReadOnlyList<GrantRevocation> EarlyRevocations { get; init; } = [];

    /// <summary>
    /// Records a share. Order-independent: a share heard again or after its revocation keeps the earliest revocation,
    /// so a revoked grant never becomes active again.
    /// </summary>
    public RegisteredCase WithGrant(ShareGrant grant)
    {
        var revokedAt = Earliest(Earliest(grant.RevokedAt, Grants.FirstOrDefault(g => g.GrantId == grant.GrantId)?.RevokedAt),
            EarlyRevocations.FirstOrDefault(r => r.GrantId == grant.GrantId)?.RevokedAt);
        var grants = Grants.Where(g => g.GrantId != grant.GrantId).Append(grant with { RevokedAt = revokedAt }).ToList();
        return this with
        {
            Grants = grants,
            SharedWithJurisdictions = grants.Select(g => g.GranteeJurisdiction ?? Jurisdiction).Distinct().ToList(),
            EarlyRevocations = EarlyRevocations.Where(r => r.GrantId != grant.GrantId).ToList(),
        };
    }

    /// <summary>Records a revocation; one for a grant not heard of yet is kept until its share arrives (see <see cref="WithGrant"/>).</summary>
    public RegisteredCase WithRevocation(Guid grantId, DateTimeOffset at)
    {
        if (Grants.Any(g => g.GrantId == grantId))
            return this with { Grants = Grants.Select(g => g.GrantId == grantId ? g with { RevokedAt = Earliest(g.RevokedAt, at) } : g).ToList() };
        var early = EarlyRevocations.FirstOrDefault(r => r.GrantId == grantId);
        return this with
        {
            EarlyRevocations = EarlyRevocations.Where(r => r.GrantId != grantId).Append(new GrantRevocation(grantId, Earliest(early?.RevokedAt, at)!.Value)).ToList(),
        };
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>
    /// Who may see or act on this case (on top of the role's permission): in the case's own jurisdiction
    /// the focal point and auditors see all its cases and other roles only their own organisation's; anyone
    /// else only through an active share grant that covers them. Everyone else is told "not found".
    /// </summary>
    public bool Allows(Actor actor, DateTimeOffset now) => Holds(actor) || Grants.Any(g => g.IsActive(now) && g.Covers(actor, Jurisdiction));

    /// <summary>
    /// The purposes the caller may read this case's personal data and history for: <c>null</c> (any stated purpose) for
    /// those who hold the case (its jurisdiction's focal point and auditors, its own organisation), otherwise the share
    /// purposes of the active grants that cover them (empty: none).
    /// </summary>
    public IReadOnlyList<string>? PurposesFor(Actor actor, DateTimeOffset now) =>
        Holds(actor) ? null : Grants.Where(g => g.IsActive(now) && g.Covers(actor, Jurisdiction)).Select(g => g.Purpose).Distinct().ToList();

    private bool Holds(Actor actor) =>
        actor.Jurisdiction == Jurisdiction && (actor.Role is Roles.FocalPoint or Roles.Auditor || actor.Organisation == OwnerOrganisation);
}
