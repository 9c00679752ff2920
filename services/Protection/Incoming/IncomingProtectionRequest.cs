namespace TransnationalReferral.Protection.Incoming;

public enum IncomingPurpose { WitnessRelocation, ProtectionContinuity }

public enum IncomingStage { Received, Accepted, Declined, RelocationArranged }

/// <summary>
/// A witness-relocation or protection-continuity request a partner node sent to this jurisdiction over the cross-border
/// exchange, for this focal point to answer: accept (for continuity, with the services this state will provide), decline
/// with a reason code, and — for a relocation it accepted — report it arranged. The answers go back signed. The stream id
/// is the request id; the case reference is the partner's case id. No personal data: the relocation or the assistance
/// itself is arranged between the authorities, outside this record.
/// </summary>
public sealed record IncomingProtectionRequest(
    Guid Id,
    IncomingPurpose Purpose,
    Guid CaseReference,
    string FromJurisdiction,
    string Jurisdiction,
    bool ChildCase,
    bool ForFamilyMembers,
    IReadOnlyList<Need> Services,
    DateTimeOffset RespondBy,
    DateTimeOffset ReceivedAt,
    IncomingStage Stage,
    IReadOnlyList<Need>? ServicesProvided = null,
    string? DeclineReason = null,
    DateTimeOffset? AnsweredAt = null,
    DateTimeOffset? ArrangedAt = null) : ICaseState, IEvolving<IncomingProtectionRequest>
{
    public static IncomingProtectionRequest? Fold(IncomingProtectionRequest? state, object @event) => (state, @event) switch
    {
        (null, ProtectionRequestReceived e) => new IncomingProtectionRequest(e.RequestId, e.Purpose, e.CaseReference, e.FromJurisdiction, e.Jurisdiction, e.ChildCase,
            e.ForFamilyMembers, e.Services, e.RespondBy, e.ReceivedAt, IncomingStage.Received),
        ({ } s, ProtectionRequestAccepted e) => s with { Stage = IncomingStage.Accepted, ServicesProvided = e.Services, AnsweredAt = e.AcceptedAt },
        ({ } s, ProtectionRequestDeclined e) => s with { Stage = IncomingStage.Declined, DeclineReason = e.ReasonCode, AnsweredAt = e.DeclinedAt },
        ({ } s, IncomingRelocationArranged e) => s with { Stage = IncomingStage.RelocationArranged, ArrangedAt = e.ArrangedAt },
        _ => state,
    };
}
