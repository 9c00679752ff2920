namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Identification opened a case: Protection opens its own stream for the same case id, so that protection
/// can start the moment the person is recognised. Taken by the service itself (actor "system:protection"),
/// caused by the Identification message.
/// </summary>
public static class OpeningProtectionCase
{
    public const string LegalBasis = "CETS 197 art. 12 — assistance to victims; TRM-EU SOP 2";

    public sealed record OpenProtectionCase(Guid CaseId, Guid VictimId, string Jurisdiction, ChildStatus ChildStatus);

    public static Decision Decide(ProtectionCase? state, OpenProtectionCase command, DecisionContext context)
    {
        if (state is not null)
            return state.Jurisdiction == command.Jurisdiction
                ? Decision.NothingToDo
                : Refusal.Conflict("case-jurisdiction-fixed", $"The protection case {command.CaseId} is held by {state.Jurisdiction}; it cannot be reopened for {command.Jurisdiction}.");

        return Decision.Accept(new ProtectionCaseOpened(command.CaseId, command.VictimId, command.Jurisdiction, command.ChildStatus, context.Now));
    }
}
