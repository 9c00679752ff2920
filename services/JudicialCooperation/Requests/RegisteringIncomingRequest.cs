namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// An incoming request received — over the node's bus or signed over the cross-border exchange — registered once;
/// persons recognised as victims and prosecuted or sought are flagged for a non-punishment review — named by this node's
/// case id, or, in a partner's request, by the keyed hashes of their identity documents (matched by Identification,
/// <see cref="RecordingIdentityMatch"/>). The receiver
/// schedules the response deadline (<see cref="RequestEndpoints.ResponseDeadline"/>).
/// </summary>
public static class RegisteringIncomingRequest
{
    public sealed record RegisterIncoming(Guid RequestId, RequestType Type, string Jurisdiction, string Counterpart, bool Urgent, IReadOnlyList<Person> Persons,
        IReadOnlyList<Attachment> Attachments, DateTimeOffset RespondBy);

    /// <summary>A keyed hash of an identity document of a person the partner's request names, in that role (<c>{keyId}:{hash}</c>).</summary>
    public sealed record IdentityKey(PersonRole Role, string Key);

    /// <param name="identityKeys">The keyed hashes a partner's request carried: those of persons it prosecutes or seeks are
    /// matched against this node's recognised victims (<see cref="IdentityMatchRequested"/>), and the request waits for the answer.</param>
    public static Decision Decide(JudicialRequest? state, RegisterIncoming command, DecisionContext context, IReadOnlySet<Guid> recognisedVictims, IReadOnlyList<IdentityKey>? identityKeys = null)
    {
        if (state is not null) return Decision.NothingToDo;
        var registered = new IncomingRequestRegistered(command.RequestId, command.Type, command.Jurisdiction, command.Counterpart, command.Urgent, command.Persons, command.Attachments, command.RespondBy, context.Now);
        var flagged = command.Persons.Where(p => p.IsProsecuted && recognisedVictims.Contains(p.CaseId)).Select(p => (object)new NonPunishmentReviewRequired(command.RequestId, p.CaseId, context.Now));
        var toMatch = (identityKeys ?? []).Where(k => new Person(Guid.Empty, k.Role).IsProsecuted).Select(k => k.Key).Distinct().ToList();
        object[] match = toMatch.Count == 0 ? [] : [new IdentityMatchRequested(command.RequestId, command.Counterpart, toMatch, context.Now)];
        return Decision.Accept([registered, .. flagged, .. match]);
    }
}
