namespace TransnationalReferral.Contracts.Identification;

/// <summary>
/// A focal point asks a partner jurisdiction to help verify a presumed victim's identity or circumstances.
/// Minimised: the case id, what is asked (codes), on what basis and by when — no personal data travels here.
/// </summary>
/// <param name="Questions">Codes: identity, travel-route, recruitment-circumstances, family-situation, document-validity.</param>
/// <param name="Basis"><c>consent</c> (the person consented to cross-border transfer to the partner) or <c>legal-basis</c>.</param>
public sealed record IdentificationAssistanceRequested(
    Guid RequestId, Guid CaseId, string RequestingJurisdiction, string PartnerJurisdiction,
    IReadOnlyList<string> Questions, string Basis, DateTimeOffset DueAt, DateTimeOffset RequestedAt);

/// <summary>The partner's answer. Outcome codes: confirmed, not-confirmed, unable-to-verify.</summary>
public sealed record IdentificationAssistanceAnswered(Guid RequestId, Guid CaseId, string AnsweringJurisdiction, string Outcome, DateTimeOffset AnsweredAt);

/// <summary>The partner did not answer by the due date.</summary>
public sealed record IdentificationAssistanceOverdue(Guid RequestId, Guid CaseId, string PartnerJurisdiction, DateTimeOffset DueAt);
