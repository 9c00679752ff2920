namespace TransnationalReferral.Contracts.Protection;

/// <summary>
/// A request to the node of the state the person leaves for to continue their assistance (the services, as need codes,
/// e.g. <c>safe-accommodation</c>, <c>psychological</c>), on the person's consent to transfer to that state. The
/// transnational exchange carries it to the partner; no personal data.
/// </summary>
public sealed record ProtectionContinuityRequested(Guid CaseId, Guid RequestId, string RequestingJurisdiction, string ToJurisdiction, IReadOnlyList<string> Services, DateTimeOffset RequestedAt);

/// <summary>
/// This node's focal point answered a partner's witness-relocation or protection-continuity request it received over
/// the transnational exchange (which carries the answer back signed).
/// </summary>
/// <param name="CaseReference">The requesting node's case id (its pseudonymous reference).</param>
/// <param name="Purpose"><c>witness-relocation</c> or <c>protection-continuity</c>.</param>
/// <param name="Answer"><c>accepted</c>, <c>declined</c> or <c>relocation-arranged</c>.</param>
/// <param name="ReasonCode">When declined: one of the cross-border decline reasons (e.g. <c>capacity-unavailable</c>).</param>
/// <param name="Services">When a continuity request is accepted: the services (need codes) this state will provide.</param>
public sealed record PartnerProtectionRequestAnswered(Guid RequestId, Guid CaseReference, string Purpose, string RequestingJurisdiction, string AnsweringJurisdiction,
    string Answer, string? ReasonCode, IReadOnlyList<string> Services, DateTimeOffset AnsweredAt);
