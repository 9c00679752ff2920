namespace TransnationalReferral.Contracts.Remedies;

// Remedies and compensation. Amounts are decimal with an ISO 4217 currency code — never floating point. No
// personal data: the payment channel is a reference kept by the vault or the partner, never an account number.

/// <summary>The person was informed of the remedies and compensation options, in a language they understand.</summary>
public sealed record RemedyInformationProvided(Guid CaseId, string Language, DateTimeOffset ProvidedAt);

/// <summary>Legal representation / legal aid was assigned (an organisation code).</summary>
public sealed record LegalAidAssigned(Guid CaseId, string Organisation, DateTimeOffset AssignedAt);

/// <summary>A claim was filed with a deciding body, possibly in another jurisdiction.</summary>
/// <param name="Type">criminal-compensation, civil-claim, state-compensation-fund, unpaid-wages, restitution, rehabilitation, satisfaction, guarantees-of-non-repetition.</param>
public sealed record ClaimFiled(Guid CaseId, Guid ClaimId, string Type, string Jurisdiction, string DecidingJurisdiction, string DecidingBody, DateTimeOffset DecisionDueBy, DateTimeOffset FiledAt);

/// <summary>
/// A claim for a crime committed in another jurisdiction, forwarded through the assisting authority of the
/// victim's residence to the deciding authority there (Directive 2004/80/EC model); carried by the transnational exchange.
/// </summary>
public sealed record ClaimForwarded(Guid CaseId, Guid ClaimId, string AssistingJurisdiction, string DecidingJurisdiction, string DecidingBody, string Type, DateTimeOffset ForwardedAt);

/// <summary>The deciding body decided: <c>awarded</c> (with amount, currency and debtor; non-monetary remedies without amount) or <c>rejected</c>.</summary>
public sealed record ClaimDecided(Guid CaseId, Guid ClaimId, string Outcome, decimal? Amount, string? Currency, string? Debtor, DateTimeOffset DecidedAt);

/// <summary>The decision was appealed (<c>By</c>: victim or debtor).</summary>
public sealed record ClaimAppealed(Guid CaseId, Guid ClaimId, string By, DateTimeOffset AppealedAt);

/// <summary>No decision by the deciding body's time limit (an alert; the claim stays filed).</summary>
public sealed record ClaimDecisionOverdue(Guid CaseId, Guid ClaimId, string DecidingJurisdiction, DateTimeOffset DueBy);

/// <summary>A payment on an award, recorded once per payment key.</summary>
/// <param name="Channel">direct or partner-focal-point (after a return).</param>
public sealed record PaymentMade(Guid CaseId, Guid ClaimId, string PaymentKey, decimal Amount, string Currency, string Channel, DateTimeOffset PaidAt);

/// <summary>Confiscated value was allocated to a victim's award.</summary>
public sealed record ProceedsAllocated(Guid CaseId, Guid ClaimId, Guid AssetId, decimal Amount, string Currency, DateTimeOffset AllocatedAt);

/// <summary>A request to another state to return confiscated proceeds for the victims' compensation (UNTOC art. 14(2)).</summary>
public sealed record ProceedsReturnRequested(Guid RequestId, Guid CaseId, string RequestingJurisdiction, string ToJurisdiction, decimal Amount, string Currency, DateTimeOffset RequestedAt);

/// <summary>The requested state's answer: <c>granted</c>, <c>partly-granted</c> or <c>refused</c>, with the amount returned.</summary>
public sealed record ProceedsReturnAnswered(Guid RequestId, Guid CaseId, string AnsweringJurisdiction, string Outcome, decimal Amount, string Currency, DateTimeOffset AnsweredAt);

/// <summary>The claim was closed.</summary>
public sealed record ClaimClosed(Guid CaseId, Guid ClaimId, DateTimeOffset ClosedAt);
