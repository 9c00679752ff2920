namespace TransnationalReferral.Contracts.JudicialCooperation;

/// <summary>
/// Whether the person cooperates with the criminal justice authorities: cooperating, declined or withdrawn.
/// Published for information only: no service may change assistance or protection because of it.
/// </summary>
public sealed record CooperationStatusChanged(Guid CaseId, string Status, DateTimeOffset ChangedAt);
