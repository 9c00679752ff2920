namespace TransnationalReferral.JudicialCooperation.Requests;

public enum ProceedsOutcome { Granted, PartlyGranted, Refused }

/// <summary>Another state asks this one to return confiscated proceeds so that its victims can be compensated (UNTOC art. 14(2)).</summary>
public sealed record IncomingProceedsReturn(Guid Id, Guid CaseId, string Jurisdiction, string RequestingJurisdiction, Money Amount, DateTimeOffset ReceivedAt, ProceedsOutcome? Outcome = null, Money? Returned = null)
    : ICaseState, IEvolving<IncomingProceedsReturn>
{
    public static IncomingProceedsReturn? Fold(IncomingProceedsReturn? state, object @event) => (state, @event) switch
    {
        (null, ProceedsReturnRequestReceived e) => new IncomingProceedsReturn(e.RequestId, e.CaseId, e.Jurisdiction, e.RequestingJurisdiction, e.Amount, e.ReceivedAt),
        ({ } s, ProceedsReturnDecided e) => s with { Outcome = e.Outcome, Returned = e.Returned },
        _ => state,
    };
}
