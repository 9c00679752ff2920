namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// The person's request is answered: the export (<see cref="ExportingOwnData"/>, composed by the gateway) was produced and
/// handed over, in a language and form. Recorded by the focal point of the case's jurisdiction; the month's deadline is
/// cancelled, and an answer after it is recorded as late.
/// </summary>
public static class AnsweringOwnDataRequest
{
    /// <param name="ExportedAt">When the export handed over was produced (its <c>producedAt</c>).</param>
    public sealed record AnswerOwnDataRequest(OwnDataFormat Format, string Language, DateTimeOffset ExportedAt, string? Reasons = null);

    public static Decision Decide(IdentificationCase state, Guid requestId, AnswerOwnDataRequest command, DecisionContext context)
    {
        if (OwnData.Refuses(state.Jurisdiction, context.Actor) is { } refusal) return refusal;
        if (state.OwnDataRequests.FirstOrDefault(r => r.RequestId == requestId && r.IsOpen) is not { } request)
            return OwnData.NeedsOpenRequest;
        if (command.ExportedAt < request.ReceivedAt)
            return new Refusal("own-data-answer-after-request", "The export handed over was produced before the request was received: produce it for this request.", "GDPR art. 12(3), 15(3)");
        return Decision.Accept(new OwnDataRequestAnswered(state.Id, requestId, command.Language, command.Format, command.ExportedAt, context.Now > request.DueAt, context.Now));
    }

    public static RouteHandlerBuilder MapAnsweringOwnDataRequest(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/own-data-requests/{requestId:guid}/answer", async (Guid caseId, Guid requestId, AnswerOwnDataRequest command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (command.Language is null || !System.Text.RegularExpressions.Regex.IsMatch(command.Language, "^[a-z]{2,3}$"))
                    return Problems.Invalid("language", "the ISO 639 code of the language the export is in, in lower case (e.g. ro).");
                if (command.ExportedAt > http.Now().AddMinutes(5)) return Problems.Invalid("exportedAt", "when the export was produced: not in the future.");
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, requestId, command, context),
                    new DecisionBasis(RecordingOwnDataRequest.LegalBasis, command.Reasons), ct,
                    whenAccepted: _ =>
                    {
                        session.Cancel(caseId, RecordingOwnDataRequest.DueDeadline, requestId);
                        return Task.CompletedTask;
                    });
            },
            Permissions.DecideOnCase, "AnswerOwnDataRequest", "Record that the person's own-data export was produced and handed over (language, form, when); closes the request. Focal point of the case's jurisdiction.");
}
