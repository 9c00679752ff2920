namespace TransnationalReferral.Contracts.JudicialCooperation;

// Assets traced in the criminal proceedings of a case, as the judicial service publishes them (from the start of
// the investigation, CTOC/COP/WG.4/2010/7 rec. (g)). Values are decimal with an ISO 4217 currency.

/// <summary>An asset was frozen or seized; its estimated value.</summary>
public sealed record AssetFrozen(Guid AssetId, Guid CaseId, string Jurisdiction, decimal EstimatedValue, string Currency, DateTimeOffset FrozenAt);

/// <summary>An asset was confiscated by a final order: its value is available for the victims' compensation.</summary>
public sealed record AssetConfiscated(Guid AssetId, Guid CaseId, string Jurisdiction, decimal Value, string Currency, DateTimeOffset ConfiscatedAt);

/// <summary>A confiscated asset was disposed of (sold, destroyed, returned); <c>Proceeds</c> is what it realised.</summary>
public sealed record AssetDisposed(Guid AssetId, Guid CaseId, string Jurisdiction, decimal Proceeds, string Currency, DateTimeOffset DisposedAt);
