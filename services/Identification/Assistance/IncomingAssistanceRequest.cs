namespace TransnationalReferral.Identification.Assistance;

public enum IncomingAssistanceStage { Received, Answered }

/// <summary>
/// An identification-assistance request a partner node sent to this jurisdiction (over the cross-border exchange): what
/// the partner asks this country's authorities to verify about a person it identified (codes), by when; and this focal
/// point's answer (confirmed, not-confirmed, unable-to-verify), which goes back signed. The stream id is the request
/// id; the case reference is the partner's case id. No personal data: the verification itself happens between the
/// authorities, outside this record.
/// </summary>
public sealed record IncomingAssistanceRequest(
    Guid Id,
    Guid CaseReference,
    string FromJurisdiction,
    string Jurisdiction,
    IReadOnlyList<AssistanceQuestion> Questions,
    DateTimeOffset RespondBy,
    DateTimeOffset ReceivedAt,
    IncomingAssistanceStage Stage,
    AssistanceOutcome? Outcome = null,
    DateTimeOffset? AnsweredAt = null) : ICaseState, IEvolving<IncomingAssistanceRequest>
{
    public static IncomingAssistanceRequest? Fold(IncomingAssistanceRequest? state, object @event) => (state, @event) switch
    {
        (null, AssistanceRequestReceived e) => new IncomingAssistanceRequest(e.RequestId, e.CaseReference, e.FromJurisdiction, e.Jurisdiction, e.Questions, e.RespondBy, e.ReceivedAt,
            IncomingAssistanceStage.Received),
        ({ } s, AssistanceRequestAnswered e) => s with { Stage = IncomingAssistanceStage.Answered, Outcome = e.Outcome, AnsweredAt = e.AnsweredAt },
        _ => state,
    };
}
