namespace TransnationalReferral.Return.Reintegration;

/// <summary>A reception request from the requesting country (over the bus or the cross-border exchange): an incoming return, received once.</summary>
public static class ReceivingReceptionRequest
{
    public static Decision Decide(IncomingReturn? state, Contracts.Return.ReceptionRequested command, DecisionContext context) =>
        state is not null ? Decision.NothingToDo
        : Decision.Accept(new ReceptionRequestReceived(command.RequestId, command.CaseId, command.FromJurisdiction, command.ToJurisdiction, command.ChildCase, command.EscortRequired,
            command.Basis == "consent", context.Now));
}
