namespace TransnationalReferral.Contracts.JudicialCooperation;

/// <summary>
/// Requested node: a partner's judicial request carried keyed hashes of the identity documents of persons it prosecutes or
/// seeks (<c>{keyId}:{hash}</c> under the key shared with <c>PartnerJurisdiction</c>): Identification is asked which belong
/// to a recognised victim (answer: <c>IdentityMatchAnswered</c>, case ids only). The request is held until it answers.
/// </summary>
public sealed record IdentityMatchRequested(Guid RequestId, string PartnerJurisdiction, IReadOnlyList<string> Keys, DateTimeOffset RequestedAt);
