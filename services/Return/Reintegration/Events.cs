namespace TransnationalReferral.Return.Reintegration;

// The country of return's events on an incoming return (the stream id is the request id). Who decided and why travels in the metadata.

public sealed record ScheduledContact(Guid ContactId, DateTimeOffset DueBy);

public sealed record ReceptionRequestReceived(Guid RequestId, Guid CaseId, string FromJurisdiction, string ToJurisdiction, bool ChildCase, bool EscortRequired, bool OnConsent, DateTimeOffset ReceivedAt);

public sealed record ReceptionAcknowledgementSent(Guid RequestId, Guid CaseId, string Jurisdiction, DateTimeOffset AcknowledgedAt);

public sealed record ReceptionArrangementsMade(Guid RequestId, Guid CaseId, string Jurisdiction, string MetBy, bool ShelterOnArrival, bool OnwardTransport, DateTimeOffset ArrangedAt);

public sealed record ArrivalRecorded(Guid RequestId, Guid CaseId, string Jurisdiction, DateTimeOffset ArrivedAt);

public sealed record ReintegrationPlanAgreed(Guid RequestId, Guid CaseId, string Jurisdiction, IReadOnlyList<ReintegrationGoal> Goals, IReadOnlyList<string> Providers, IReadOnlyList<ScheduledContact> Contacts, DateTimeOffset AgreedAt);

public sealed record MonitoringContactHeld(Guid RequestId, Guid CaseId, Guid ContactId, ContactOutcome Outcome, DateTimeOffset HeldAt);

public sealed record MonitoringContactMissed(Guid RequestId, Guid CaseId, Guid ContactId, DateTimeOffset DueBy, DateTimeOffset NotedAt);

public sealed record ReintegrationClosed(Guid RequestId, Guid CaseId, string Jurisdiction, ReintegrationOutcome Outcome, DateTimeOffset ClosedAt);
