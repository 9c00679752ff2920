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
using Contract = TransnationalReferral.Contracts.JudicialCooperation;

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
        if (message.RequestFor(CrossBorderPurposes.MutualLegalAssistance, node.Jurisdiction) is not { } request) return;
        var types = request.Questions.Select(q => Codes.TryParse<RequestType>(q, out var t) ? t : (RequestType?)null).OfType<RequestType>().Distinct().ToList();
        if (types.Count != 1)
            throw new InvalidMessageException($"Mutual legal assistance request {request.RequestId} names {types.Count} request types among its questions; one is needed.");
        var role = request.Questions.Select(q => Codes.TryParse<PersonRole>(q, out var r) ? r : (PersonRole?)null).OfType<PersonRole>().FirstOrDefault(PersonRole.VictimWitness);
        var actor = Actor.System(node.Name, node.Jurisdiction);

        await using var session = store.OpenCrossBorderSession(transaction, node, message.Envelope.MessageId, request.RequestId);
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

/// <summary>
/// Requesting side: a mutual legal assistance request this node sent to a partner node's jurisdiction leaves as a signed
/// <c>mutual-legal-assistance</c> request through the cross-border gates, on the recorded legal basis
/// (<see cref="MlaLegalBasis"/>). The case reference is the victim's (or, without one, the first person's) case id; the
/// questions are the request type, that person's role and <c>urgent</c>. Other request types (extradition, joint
/// investigation teams, transfer of proceedings) stay on the node's bus. A refusal at the border goes to the error queue.
/// (JudicialCooperation does not hold the person's protection claims: the gate on the country of claimed protection
/// checks none here.)
/// </summary>
public sealed class MutualLegalAssistanceCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, PartnerKeys partners, TimeProvider clock,
    ILogger<MutualLegalAssistanceCrossingBorder> logger) : IdempotentConsumer<Contract.JudicialRequestSent>(store, node, clock, logger)
{
    public const string MlaLegalBasis = "untoc-art-18";
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override async Task HandleAsync(Contract.JudicialRequestSent m, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (m.FromJurisdiction != _jurisdiction || !partners.Partners.Contains(m.ToJurisdiction) || !m.Type.StartsWith("mla-", StringComparison.Ordinal)) return;
        var person = m.Persons.FirstOrDefault(p => p.Role is "victim" or "victim-witness") ?? m.Persons.FirstOrDefault()
            ?? throw new InvalidMessageException($"Judicial request {m.RequestId} names no person to refer to across the border.");
        var request = new CrossBorderRequest(m.RequestId, CrossBorderPurposes.MutualLegalAssistance, m.FromJurisdiction, m.ToJurisdiction, person.CaseId, false,
            m.Urgent ? [m.Type, person.Role, IncomingMutualLegalAssistance.Urgent] : [m.Type, person.Role],
            TransferBases.LegalBasis, MlaLegalBasis, HandlingCodes.PurposeOnly, m.RespondBy, m.SentAt);
        var sent = await sender.SendAsync(request, m.ToJurisdiction, TransferGrounds.OnLegalBasis(MlaLegalBasis, []), ct);
        if (sent.Refusal is { } refusal) throw new InvalidMessageException($"The judicial request {m.RequestId} was refused at the border: {refusal.Rule}: {refusal.Detail}");
    }
}
