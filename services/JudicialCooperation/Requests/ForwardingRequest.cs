namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>Attachments forwarded to a third state — never those marked "no onward sharing" or carrying the victim's personal data.</summary>
public static class ForwardingRequest
{
    public sealed record Forward(string ToJurisdiction, IReadOnlyList<Guid> AttachmentIds, string Reasons);

    public static Decision Decide(JudicialRequest state, Forward command, DecisionContext context)
    {
        if (command.ToJurisdiction == state.Jurisdiction || command.ToJurisdiction == state.Counterpart)
            return new Refusal("forward-to-third-state", "Forwarding goes to a third state (neither this one nor the counterpart).");
        var attachments = AttachmentRules.Current(state.Attachments).Where(a => command.AttachmentIds.Contains(a.AttachmentId)).ToList();
        if (attachments.Count != command.AttachmentIds.Distinct().Count())
            return Refusal.Conflict("attachment-unknown", "Some attachments are not on this request.");
        if (attachments.FirstOrDefault(a => a.Handling == Handling.NoOnwardSharing) is { } blocked)
            return new Refusal("handling-no-onward-sharing", $"Attachment {blocked.Reference} carries the handling code 'no onward sharing': it is never forwarded to a third state.", "UNTOC art. 18(19)–(20); handling code of the providing state");
        if (attachments.Any(a => a.ContainsVictimPersonalData))
            return new Refusal("victim-data-not-forwarded", "An attachment with the victim's personal data is not forwarded to a third state.", Cooperating.VictimSource);
        return Decision.Accept(new RequestForwarded(state.Id, state.Jurisdiction, command.ToJurisdiction, command.AttachmentIds.Distinct().ToList(), context.Now));
    }

    public static RouteHandlerBuilder MapForwardingRequest(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/forwarding", (Guid requestId, Forward command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.ToJurisdiction) ? Task.FromResult(Problems.Invalid("toJurisdiction", "an ISO 3166-1 alpha-2 code."))
                : RequestEndpoints.Invalid(command.Reasons) is { } bad ? Task.FromResult(bad)
                : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "ForwardRequest", "Forward attachments to a third state — never those marked 'no onward sharing' or carrying victim data.");
}
