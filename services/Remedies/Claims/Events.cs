namespace TransnationalReferral.Remedies.Claims;

// The Remedies service's own domain events. Who decided and why travels in the metadata.

/// <summary>Identification opened a case: the Remedies service keeps a file for it from the start.</summary>
public sealed record RemediesFileOpened(Guid CaseId, string Jurisdiction, DateTimeOffset OpenedAt);

public sealed record RemedyInformationProvided(Guid CaseId, string Language, DateTimeOffset ProvidedAt);

public sealed record LegalAidAssigned(Guid CaseId, string Organisation, DateTimeOffset AssignedAt);

public sealed record ClaimPrepared(Guid CaseId, Guid ClaimId, ClaimType Type, string DecidingJurisdiction, string DecidingBody, Money? Claimed, DateTimeOffset PreparedAt);

public sealed record ClaimFiled(Guid CaseId, Guid ClaimId, ClaimType Type, string Jurisdiction, string DecidingJurisdiction, string DecidingBody, DateTimeOffset DecisionDueBy, DateTimeOffset FiledAt);

/// <summary>A claim for a deciding body in another jurisdiction, forwarded by this one as the assisting authority.</summary>
public sealed record ClaimForwarded(Guid CaseId, Guid ClaimId, ClaimType Type, string AssistingJurisdiction, string DecidingJurisdiction, string DecidingBody, DateTimeOffset ForwardedAt);

/// <summary>
/// This jurisdiction decides a claim another state's node forwarded over the cross-border exchange (it assisted the
/// person there): the claim is filed here, awaiting the deciding body's decision. The case id is the sending node's
/// pseudonymous case reference.
/// </summary>
public sealed record ForwardedClaimReceived(Guid CaseId, Guid ClaimId, ClaimType Type, string Jurisdiction, string AssistingJurisdiction, string DecidingBody, DateTimeOffset DecisionDueBy, DateTimeOffset ReceivedAt);

public sealed record ClaimUnderReview(Guid CaseId, Guid ClaimId, DateTimeOffset At);

public sealed record ClaimDecisionOverdue(Guid CaseId, Guid ClaimId, string DecidingJurisdiction, DateTimeOffset DueBy, DateTimeOffset NotedAt);

public sealed record ClaimAwarded(Guid CaseId, Guid ClaimId, Money? Award, Debtor? Debtor, DateTimeOffset DecidedAt);

public sealed record ClaimRejected(Guid CaseId, Guid ClaimId, DateTimeOffset DecidedAt);

public sealed record ClaimAppealed(Guid CaseId, Guid ClaimId, AppealedBy By, DateTimeOffset DecisionDueBy, DateTimeOffset AppealedAt);

public sealed record PaymentRecorded(Guid CaseId, Guid ClaimId, string PaymentKey, Money Amount, PaymentChannelKind Channel, DateTimeOffset PaidAt);

public sealed record ClaimClosed(Guid CaseId, Guid ClaimId, DateTimeOffset ClosedAt);

/// <summary>A confiscated asset (from the judicial service) or proceeds returned by another state, available for allocation.</summary>
public sealed record AssetNoted(Guid CaseId, Guid AssetId, Money Value, string Jurisdiction, string Source, DateTimeOffset NotedAt);

public sealed record ProceedsAllocated(Guid CaseId, Guid ClaimId, Guid AssetId, Money Amount, DateTimeOffset AllocatedAt);

public sealed record ProceedsReturnRequested(Guid CaseId, Guid RequestId, string FromJurisdiction, string ToJurisdiction, Money Amount, DateTimeOffset RequestedAt);

public sealed record ProceedsReturnAnswered(Guid CaseId, Guid RequestId, string Outcome, Money? Returned, DateTimeOffset AnsweredAt);

/// <summary>A payment channel arranged (e.g. through the partner focal point after a return). The reference is opaque; no account number.</summary>
public sealed record PaymentChannelArranged(Guid CaseId, PaymentChannelKind Kind, string? ViaJurisdiction, string Reference, DateTimeOffset ArrangedAt);

/// <summary>A return, an expired or refused permit: noted for the record — it changes nothing in any claim.</summary>
public sealed record MigrationFactNoted(Guid CaseId, string Fact, DateTimeOffset NotedAt);

// Transfer consents and protection claims heard from Identification are the shared facts (ServiceDefaults/Cases/FactsFromIdentification.cs).

/// <summary>A claim forwarded to another jurisdiction's node could not cross the border: the gate's rule (nothing left the node).</summary>
public sealed record ClaimForwardingRefused(Guid CaseId, Guid ClaimId, string DecidingJurisdiction, string Rule, DateTimeOffset RefusedAt);

/// <summary>A claim refused at the border left after all (the consent it lacked was recorded): the refusal no longer stands.</summary>
public sealed record ClaimForwardingResumed(Guid CaseId, Guid ClaimId, string DecidingJurisdiction, DateTimeOffset ResumedAt);
