namespace TransnationalReferral.Identification.Assistance;

public sealed record AssistanceRequestReceived(Guid RequestId, Guid CaseReference, string FromJurisdiction, string Jurisdiction, IReadOnlyList<AssistanceQuestion> Questions,
    DateTimeOffset RespondBy, DateTimeOffset ReceivedAt);

public sealed record AssistanceRequestAnswered(Guid RequestId, Guid CaseReference, string FromJurisdiction, string Jurisdiction, AssistanceOutcome Outcome, DateTimeOffset AnsweredAt);
