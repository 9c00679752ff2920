namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>The focal point or prosecutor acknowledged information another state transmitted; the acknowledgement goes back signed.</summary>
public static class AcknowledgingReceivedInformation
{
    public sealed record AcknowledgeInformation(string? Reasons = null);

    public static Decision Decide(ReceivedInformation state, AcknowledgeInformation command, DecisionContext context) =>
        state.AcknowledgedAt is not null ? Refusal.Conflict("information-acknowledged", "This information was already acknowledged.")
        : Decision.Accept(new ReceivedInformationAcknowledged(state.Id, state.Jurisdiction, context.Now));

    public static RouteHandlerBuilder MapAcknowledgingReceivedInformation(this RouteGroupBuilder group) =>
        group.MapDecision("/{informationId:guid}/acknowledgement", async (Guid informationId, AcknowledgeInformation command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await ReceivedInformationQueries.FindAsync(session, informationId, http, ct) is null ? Problems.NotFound("The information")
                : await session.DecideAsync<ReceivedInformation>(informationId, http, (s, c) => Decide(s, command, c), new DecisionBasis(TransmittingSpontaneousInformation.LegalSource, command.Reasons), ct),
            Permissions.AcknowledgeInformation, "AcknowledgeReceivedInformation", "Acknowledge information another state transmitted (the acknowledgement goes back to it signed).");
}
