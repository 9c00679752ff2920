namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>The non-punishment review of a person the request prosecutes or seeks: was the offence a direct consequence of being trafficked?</summary>
public static class ReviewingNonPunishment
{
    public sealed record ReviewNonPunishment(Guid CaseId, bool OffenceCompelledByTrafficking, string Reasons);

    public static Decision Decide(JudicialRequest state, ReviewNonPunishment command, DecisionContext context)
    {
        // A person the request prosecutes or seeks by this node's case id, or a victim recognised here whom a partner's request names by keyed hashes (flagged).
        if (!state.Persons.Any(p => p.CaseId == command.CaseId && p.IsProsecuted) && !(state.Reviews ?? []).Any(r => r.CaseId == command.CaseId))
            return Refusal.Conflict("review-person-not-prosecuted", "The person is not prosecuted or sought in this request.");
        return Decision.Accept(new NonPunishmentReviewDecided(state.Id, command.CaseId, command.OffenceCompelledByTrafficking, context.Now));
    }

    public static RouteHandlerBuilder MapReviewingNonPunishment(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/non-punishment-reviews", (Guid requestId, ReviewNonPunishment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.Invalid(command.Reasons) is { } bad ? Task.FromResult(bad) : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "ReviewNonPunishment", "Record the non-punishment review: was the offence a direct consequence of being trafficked (with reasons)?");
}
