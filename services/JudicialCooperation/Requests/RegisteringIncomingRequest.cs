namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// An incoming request received — over the node's bus or signed over the cross-border exchange — registered once;
/// persons recognised as victims and prosecuted or sought are flagged for a non-punishment review. The receiver
/// schedules the response deadline (<see cref="RequestEndpoints.ResponseDeadline"/>).
/// </summary>
public static class RegisteringIncomingRequest
{
    public sealed record RegisterIncoming(Guid RequestId, RequestType Type, string Jurisdiction, string Counterpart, bool Urgent, IReadOnlyList<Person> Persons,
        IReadOnlyList<Attachment> Attachments, DateTimeOffset RespondBy);

    public static Decision Decide(JudicialRequest? state, RegisterIncoming command, DecisionContext context, IReadOnlySet<Guid> recognisedVictims)
    {
        if (state is not null) return Decision.NothingToDo;
        var registered = new IncomingRequestRegistered(command.RequestId, command.Type, command.Jurisdiction, command.Counterpart, command.Urgent, command.Persons, command.Attachments, command.RespondBy, context.Now);
        var flagged = command.Persons.Where(p => p.IsProsecuted && recognisedVictims.Contains(p.CaseId)).Select(p => (object)new NonPunishmentReviewRequired(command.RequestId, p.CaseId, context.Now));
        return Decision.Accept([registered, .. flagged]);
    }
}
