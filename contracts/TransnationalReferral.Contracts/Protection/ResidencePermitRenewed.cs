namespace TransnationalReferral.Contracts.Protection;

/// <summary>The victim's residence permit was renewed to a new expiry (CETS 197 art. 14): it stays valid until then.</summary>
public sealed record ResidencePermitRenewed(Guid CaseId, DateTimeOffset ExpiresAt, DateTimeOffset RenewedAt);
