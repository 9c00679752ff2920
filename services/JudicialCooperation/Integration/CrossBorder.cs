using Marten;
using Npgsql;
using TransnationalReferral.Contracts.CrossBorder;
using TransnationalReferral.JudicialCooperation.Requests;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.JudicialCooperation.Integration;

/// <summary>
/// A mutual legal assistance request from a partner node (its own inbox, <c>crossborder.inbox.judicial</c>): registered
/// as an incoming judicial request by the same decision as one heard on the node's bus (<see cref="Cooperating.Register"/>),
/// in the transaction that accepts the message, with the originating node, request and message in the audit metadata.
/// The request's questions are codes: the request type (e.g. <c>mla-video-testimony</c>), and the role of the person the
/// case reference names (e.g. <c>victim-witness</c>; a victim-witness when none is given), and <c>urgent</c>.
/// </summary>
public sealed class IncomingMutualLegalAssistance(IDocumentStore store, ServiceIdentity node, TimeProvider clock, ILogger<IncomingMutualLegalAssistance> logger) : ICrossBorderHandler
{
    public const string Urgent = "urgent";

    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (message.Message is not CrossBorderRequest { Purpose: CrossBorderPurposes.MutualLegalAssistance } request) return;
        if (request.ToJurisdiction != node.Jurisdiction || request.FromJurisdiction != message.Envelope.From || !Jurisdictions.IsValid(request.FromJurisdiction))
            throw new InvalidMessageException($"Mutual legal assistance request {request.RequestId} is not addressed from {message.Envelope.From} to {node.Jurisdiction}.");
        if (request.RequestId == Guid.Empty || request.CaseReference == Guid.Empty)
            throw new InvalidMessageException("A mutual legal assistance request needs a request id and a case reference.");
        var types = request.Questions.Select(q => Codes.TryParse<RequestType>(q, out var t) ? t : (RequestType?)null).OfType<RequestType>().Distinct().ToList();
        if (types.Count != 1)
            throw new InvalidMessageException($"Mutual legal assistance request {request.RequestId} names {types.Count} request types among its questions; one is needed.");
        var role = request.Questions.Select(q => Codes.TryParse<PersonRole>(q, out var r) ? r : (PersonRole?)null).OfType<PersonRole>().FirstOrDefault(PersonRole.VictimWitness);
        var actor = Actor.System(node.Name, node.Jurisdiction);

        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        session.Stamp(actor, causationId: message.Envelope.MessageId.ToString(), correlationId: request.RequestId.ToString("N"));
        var persons = new List<Person> { new(request.CaseReference, role) };
        var recognised = await session.RecognisedVictimsAsync(persons.Select(p => p.CaseId), ct);
        var stream = await session.Events.FetchForWriting<JudicialRequest>(request.RequestId, ct);
        var decision = Cooperating.Register(stream.Aggregate, request.RequestId, types[0], node.Jurisdiction, request.FromJurisdiction, request.Questions.Contains(Urgent),
            persons, [], request.RespondBy, recognised, new DecisionContext(actor, clock.GetUtcNow()));
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(Cooperating.LegalBasis,
            $"Mutual legal assistance request {request.RequestId} received from {request.FromJurisdiction}'s node over the cross-border exchange (message {message.Envelope.MessageId}, signature verified)."));
        await session.ScheduleAsync(request.RequestId, RequestEndpoints.ResponseDeadline, request.RespondBy, ct);
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Mutual legal assistance request {RequestId} from {From} registered", request.RequestId, request.FromJurisdiction);
    }
}
