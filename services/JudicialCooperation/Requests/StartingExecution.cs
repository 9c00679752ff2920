namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// Execution of an acknowledged incoming request starts — not before the victim impact assessment, nor before a
/// non-punishment review of every person Identification recognised as a victim whom the request prosecutes or seeks
/// (recognised before the request arrived or since, or recognised by the keyed hashes of a partner's request — and not
/// while that match is unanswered), and never when the review found the offence compelled.
/// </summary>
public static class StartingExecution
{
    public sealed record StartExecution(string? Reasons = null);

    public static Decision Decide(JudicialRequest state, StartExecution command, DecisionContext context, IReadOnlySet<Guid> recognisedVictims)
    {
        if (state.Direction != Direction.Incoming || state.Stage != RequestStage.Acknowledged) return Refusal.Conflict("request-not-acknowledged", "Execution starts on an acknowledged incoming request.");
        if (Cooperating.ImpactFirst(state) is { } impact) return impact;
        if (state.IdentityMatch == IdentityMatchStage.Pending)
            return new Refusal("non-punishment-match-pending",
                "The request names persons it prosecutes or seeks by keyed hashes of their identity documents, and Identification has not yet answered whether any is a victim recognised here: it is not executed before that answer (and any non-punishment review it calls for).",
                Cooperating.NonPunishmentSource);
        foreach (var caseId in Cooperating.NeedingReview(state, recognisedVictims).Union((state.Reviews ?? []).Select(r => r.CaseId)))
        {
            var review = (state.Reviews ?? []).FirstOrDefault(r => r.CaseId == caseId);
            if (review?.OffenceCompelledByTrafficking is null)
                return new Refusal("non-punishment-review-first",
                    $"The request concerns a person Identification recognised as a victim (case {caseId}): it is not executed before a non-punishment review is recorded.", Cooperating.NonPunishmentSource, Next: "POST /api/judicial/requests/{requestId}/non-punishment-reviews");
            if (review.OffenceCompelledByTrafficking == true)
                return new Refusal("non-punishment",
                    $"The review found the offence a direct consequence of being trafficked (case {caseId}): the person is not punished — refuse the request on non-punishment grounds.", Cooperating.NonPunishmentSource, Next: "POST /api/judicial/requests/{requestId}/refusal");
        }
        if (RecordingForumCriteria.Bars(state) is { } forum) return forum;
        return Decision.Accept(new RequestExecutionStarted(state.Id, context.Now));
    }

    public static RouteHandlerBuilder MapStartingExecution(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/execution", async (Guid requestId, StartExecution command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                var request = await RequestEndpoints.FindAsync(session, requestId, http, ct);
                var recognised = await session.RecognisedVictimsAsync(request?.Persons.Select(p => p.CaseId) ?? [], ct);
                return await RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c, recognised), command.Reasons, ct);
            },
            Permissions.HandleJudicialRequests, "StartExecution", "Start executing an incoming request — not before the victim impact assessment, nor before a non-punishment review of any recognised victim it targets.");
}
