namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// Another state's request to return confiscated proceeds (UNTOC art. 14(2)) — heard from its Remedies on the node's bus, or
/// signed over the cross-border exchange — registered once for the judicial authority to answer.
/// </summary>
public static class RegisteringProceedsReturn
{
    public sealed record RegisterProceedsReturn(Guid RequestId, Guid CaseId, string Jurisdiction, string RequestingJurisdiction, Money Amount);

    public static Decision Decide(IncomingProceedsReturn? state, RegisterProceedsReturn command, DecisionContext context) =>
        state is not null ? Decision.NothingToDo
        : Decision.Accept(new ProceedsReturnRequestReceived(command.RequestId, command.CaseId, command.Jurisdiction, command.RequestingJurisdiction, command.Amount, context.Now));
}
