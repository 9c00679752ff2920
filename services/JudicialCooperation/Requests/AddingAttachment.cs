namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>A document attached by reference (never its content) with its classification and handling code; the victim's personal data only with a recorded legal basis.</summary>
public static class AddingAttachment
{
    public sealed record AddAttachment(string Reference, Classification Classification, Handling Handling, bool ContainsVictimPersonalData, string? LegalBasis = null)
    {
        /// <summary>The new attachment's id, minted by the endpoint.</summary>
        [JsonIgnore] public Guid AttachmentId { get; init; }
    }

    public static Decision Decide(JudicialRequest state, AddAttachment command, DecisionContext context)
    {
        if (state.Stage is not (RequestStage.Drafted or RequestStage.Acknowledged or RequestStage.UnderExecution))
            return Refusal.Conflict("request-not-open-for-attachments", $"The request is {Codes.Of(state.Stage)}.");
        if (command.ContainsVictimPersonalData && string.IsNullOrWhiteSpace(command.LegalBasis))
            return new Refusal("victim-data-needs-legal-basis", "The attachment discloses the victim's personal data: record the legal basis for disclosing it.", "Directive (EU) 2016/680 arts. 8 and 35; CETS 197 art. 11");
        return Decision.Accept(new AttachmentAdded(state.Id, new Attachment(command.AttachmentId, command.Reference, command.Classification, command.Handling, command.ContainsVictimPersonalData, command.LegalBasis), context.Now));
    }

    public static RouteHandlerBuilder MapAddingAttachment(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/attachments", (Guid requestId, AddAttachment command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reference) || command.Reference.Length > 200 ? Task.FromResult(Problems.Invalid("reference", "the document's reference in your document system (never its content), at most 200 characters."))
                : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command with { AttachmentId = Guid.CreateVersion7() }, c), command.LegalBasis, ct),
            Permissions.HandleJudicialRequests, "AddAttachment", "Attach a document by reference with its classification and handling code; victim personal data only with a recorded legal basis.");
}
