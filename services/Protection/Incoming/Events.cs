namespace TransnationalReferral.Protection.Incoming;

public sealed record ProtectionRequestReceived(Guid RequestId, IncomingPurpose Purpose, Guid CaseReference, string FromJurisdiction, string Jurisdiction, bool ChildCase,
    bool ForFamilyMembers, IReadOnlyList<Need> Services, DateTimeOffset RespondBy, DateTimeOffset ReceivedAt);

public sealed record ProtectionRequestAccepted(Guid RequestId, IncomingPurpose Purpose, Guid CaseReference, string FromJurisdiction, string Jurisdiction, IReadOnlyList<Need> Services, DateTimeOffset AcceptedAt);

public sealed record ProtectionRequestDeclined(Guid RequestId, IncomingPurpose Purpose, Guid CaseReference, string FromJurisdiction, string Jurisdiction, string ReasonCode, DateTimeOffset DeclinedAt);

public sealed record IncomingRelocationArranged(Guid RequestId, Guid CaseReference, string FromJurisdiction, string Jurisdiction, DateTimeOffset ArrangedAt);
