namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// A drafted outgoing request sent to the counterpart's central authority (over the bus: ids, codes, attachment
/// references), after the victim impact assessment if it names a victim. The counterpart's response time starts a
/// durable deadline; without an answer by then the request is overdue (<see cref="ResponseOverdue"/>). Nothing naming a
/// person who claims international protection from the counterpart's country is sent there (the border's gate holds the same line).
/// Withdrawn attachments are not sent. A request that crosses the signed exchange refers to its attachments only as the
/// border allows (<see cref="AttachmentCrossing"/>: the redacted version unless a legal basis for the full version is
/// recorded; never a national-only or secret document): refused here first, so that it is fixed before it is sent.
/// </summary>
public static class SendingRequest
{
    public sealed record Send(string? Reasons = null);

    /// <param name="protectionClaimedFrom">The countries any person the request names claims international protection from.</param>
    /// <param name="crossesBorder">Whether the request leaves over the signed cross-border exchange (to a partner node).</param>
    public static Decision Decide(JudicialRequest state, Send command, DecisionContext context, TimeSpan responseTime, IReadOnlyCollection<string>? protectionClaimedFrom = null,
        bool crossesBorder = false)
    {
        if (state.Direction != Direction.Outgoing || state.Stage != RequestStage.Drafted) return Refusal.Conflict("request-not-draft", "Only a drafted outgoing request is sent.");
        if (Cooperating.NeverToCountryOfClaimedProtection(state.Counterpart, protectionClaimedFrom) is { } claimed) return claimed;
        if (Cooperating.ImpactFirst(state) is { } refusal) return refusal;
        if (crossesBorder && AttachmentCrossing.Check(state.Attachments) is { } attachment) return attachment;
        if (RecordingForumCriteria.Bars(state) is { } forum) return forum;
        return Decision.Accept(new RequestSent(state.Id, state.Type, state.Jurisdiction, state.Counterpart, state.Urgent, context.Now + responseTime, state.Persons,
            AttachmentRules.Current(state.Attachments).ToList(), context.Now));
    }

    public static RouteHandlerBuilder MapSendingRequest(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/sending", async (Guid requestId, Send command, HttpContext http, IDocumentSession session, JudicialOptions options, CancellationToken ct) =>
            {
                var persons = (await session.LoadAsync<JudicialRequest>(requestId, ct))?.Persons.Select(p => p.CaseId) ?? [];
                var claimed = await session.ProtectionClaimedFromAsync(persons, ct);
                var partners = http.RequestServices.GetService<PartnerKeys>()?.Partners ?? []; // none when the node has no cross-border exchange
                return await RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c, options.ResponseTime(s.Counterpart, s.Urgent), claimed,
                        partners.Contains(s.Counterpart) && Integration.JudicialCrossing.PurposeOf(s.Type) is not null), command.Reasons, ct,
                    whenAccepted: async events =>
                    {
                        if (events.OfType<RequestSent>().FirstOrDefault() is { } sent) await session.ScheduleAsync(requestId, RequestEndpoints.ResponseDeadline, sent.RespondBy, ct);
                    });
            },
            Permissions.HandleJudicialRequests, "SendRequest",
            "Send the request to the counterpart's central authority (over the bus: ids, codes, attachment references; to a partner node over the signed exchange). A response deadline is tracked. Never to a country a person it names claims international protection from.");
}

/// <summary>No answer by the response deadline: an overdue alert (published); the request stays open.</summary>
public sealed class ResponseOverdue : IDeadlineHandler
{
    public string Kind => RequestEndpoints.ResponseDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<JudicialRequest>(deadline.CaseId, ct);
        if (stream.Aggregate is not { Stage: RequestStage.Sent or RequestStage.Acknowledged or RequestStage.UnderExecution, Overdue: false } s) return;
        stream.AppendOne(new RequestOverdue(s.Id, s.Counterpart, s.RespondBy ?? deadline.DueAt, context.Now));
        session.Record(new DecisionBasis(Cooperating.LegalBasis, $"No answer from {s.Counterpart} by the response deadline."));
    }
}
