namespace TransnationalReferral.Contracts.Identification;

// Keyed hashes of identity documents on the node's own bus, between Identification (which holds the vault and the
// bilateral keys) and JudicialCooperation (which exchanges the judicial requests). A keyed hash is pseudonymous data:
// only a node holding the key the two nodes share can compute or compare it; it never travels in clear, never as a
// document number, and these messages are consumed by those two services only (docs/judicial-cooperation.md).

/// <summary>
/// Requesting node: the keyed hashes of the identity documents of the persons a judicial request sent to a partner names
/// (from the vault), each <c>{role}:{keyId}:{hash}</c> under the key shared with <c>PartnerJurisdiction</c>; none when the
/// vault holds no document of theirs. The request crosses the border with them.
/// </summary>
public sealed record IdentityKeysComputed(Guid RequestId, string PartnerJurisdiction, IReadOnlyList<string> Keys, DateTimeOffset ComputedAt);

/// <summary>
/// Requested node: which of the keyed hashes a partner's request carried belong to a person this node recognised as a
/// victim (reasonable grounds or identified) — answered with the victims' case ids only, none when no hash matched.
/// </summary>
public sealed record IdentityMatchAnswered(Guid RequestId, string PartnerJurisdiction, IReadOnlyList<Guid> VictimCaseIds, DateTimeOffset AnsweredAt);
