namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// A document attached by reference (never its content) with its classification and handling code; the victim's personal
/// data only with a recorded legal basis. The shared rules (<see cref="AttachmentRules"/>) hold the rest: a reference is
/// attached once; a legal basis for the full version lets its unredacted version cross a border.
/// </summary>
public static class AddingAttachment
{
    public static Decision Decide(JudicialRequest state, AddAttachment command, DecisionContext context)
    {
        if (state.Stage is not (RequestStage.Drafted or RequestStage.Acknowledged or RequestStage.UnderExecution))
            return Refusal.Conflict("request-not-open-for-attachments", $"The request is {Codes.Of(state.Stage)}.");
        if (command.ContainsVictimPersonalData && string.IsNullOrWhiteSpace(command.LegalBasis))
            return new Refusal("victim-data-needs-legal-basis", "The attachment discloses the victim's personal data: record the legal basis for disclosing it.", "Directive (EU) 2016/680 arts. 8 and 35; CETS 197 art. 11");
        return AttachmentRules.Attach(state.Id, state.Attachments, command, context);
    }

    /// <summary>An attachment added: its id, its request and the request's new version (the ETag).</summary>
    public sealed record AttachmentCreated(Guid RequestId, Guid AttachmentId, long Version);

    public static RouteGroupBuilder MapAddingAttachment(this RouteGroupBuilder requests)
    {
        requests.MapDecision("/{requestId:guid}/attachments", async (Guid requestId, AddAttachment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (AttachmentRules.Invalid(command) is { } invalid) return invalid;
                var attachment = command with { AttachmentId = Guid.CreateVersion7() };
                return await RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, attachment, c), command.LegalBasis, ct,
                    creates: new Creates($"/api/judicial/requests/{requestId}/attachments/{attachment.AttachmentId}", version => new AttachmentCreated(requestId, attachment.AttachmentId, version)));
            },
            Permissions.HandleJudicialRequests, "AddAttachment", "Attach a document by reference with its classification and handling code; victim personal data only with a recorded legal basis " +
            "(only its redacted version crosses a border unless a legal basis for the full version is recorded). 201: Location is the attachment.")
            .Produces<AttachmentCreated>(StatusCodes.Status201Created);

        requests.MapGet("/{requestId:guid}/attachments/{attachmentId:guid}", async (Guid requestId, Guid attachmentId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await RequestEndpoints.FindAsync(session, requestId, http, ct) is null ? Problems.NotFound("The request")
                : await session.GetCaseAsync<JudicialRequest>(requestId, http, s => AttachmentRules.Find(s.Attachments, attachmentId), ct, "The attachment"))
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("GetAttachment")
            .WithSummary("One attachment of a request (its reference, classification, handling and redaction), where the decision that added it points (Location); the ETag is the request's version.")
            .Produces<Attachment>().ProducesProblem(StatusCodes.Status404NotFound);
        return requests;
    }
}
