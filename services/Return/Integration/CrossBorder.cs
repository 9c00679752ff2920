using Marten;
using Npgsql;
using TransnationalReferral.Contracts.CrossBorder;
using TransnationalReferral.Return.Cases;
using TransnationalReferral.Return.Reintegration;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;
using Contract = TransnationalReferral.Contracts.Return;

namespace TransnationalReferral.Return.Integration;

/// <summary>
/// The reception request across the border (when the node has partners: <c>CrossBorder:Partners</c>). The destination's
/// own <see cref="Contract.ReceptionRequested"/> leaves the node as a signed <see cref="CrossBorderRequest"/> through the
/// cross-border gates (the consent and protection claims the return file holds); the country of return's node turns
/// an incoming return-reception request into its incoming return, recording the originating node and message.
/// </summary>
public static class ReturnAcrossBorders
{
    public const string ReceptionQuestion = "reception-arrangements";
    public const string EscortQuestion = "escort-on-arrival";
    public const string ReturnLegalBasis = "trafficking-protocol-art-8";
    public static readonly TimeSpan ResponseTime = TimeSpan.FromDays(14);

    /// <summary>What the return file says about the transfer: consents in force (a child's by the guardian) and protection claims not withdrawn.</summary>
    public static TransferGrounds Grounds(ReturnCase s, bool onConsent)
    {
        var claims = (s.ProtectionClaims ?? []).Where(c => c.Status != ProtectionClaimStatus.Withdrawn).Select(c => c.Country).ToList();
        if (!onConsent) return TransferGrounds.OnLegalBasis(ReturnLegalBasis, claims);
        var consented = (s.TransferConsents ?? []).Where(c => !c.Withdrawn && (!s.IsChild || c.GivenBy == "guardian")).SelectMany(c => c.Jurisdictions).Distinct().ToList();
        return TransferGrounds.OnConsent(consented, claims);
    }

    public static CrossBorderRequest Request(Contract.ReceptionRequested m) => new(
        m.RequestId, CrossBorderPurposes.ReturnReception, m.FromJurisdiction, m.ToJurisdiction, m.CaseId, m.ChildCase,
        m.EscortRequired ? [ReceptionQuestion, EscortQuestion] : [ReceptionQuestion],
        m.Basis == TransferBases.Consent ? TransferBases.Consent : TransferBases.LegalBasis, m.Basis == TransferBases.Consent ? null : ReturnLegalBasis,
        HandlingCodes.PurposeOnly, m.RequestedAt + ResponseTime, m.RequestedAt);

    public static Contract.ReceptionRequested Reception(CrossBorderRequest r) =>
        new(r.RequestId, r.CaseReference, r.FromJurisdiction, r.ToJurisdiction, r.ChildCase, r.Questions.Contains(EscortQuestion), r.Basis, r.RequestedAt);
}

/// <summary>Destination side: this node's reception request leaves through the cross-border sender (the gates decide; a refusal goes to the error queue for people to look at).</summary>
public sealed class ReceptionRequestCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, TimeProvider clock, ILogger<ReceptionRequestCrossingBorder> logger)
    : IdempotentConsumer<Contract.ReceptionRequested>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override async Task HandleAsync(Contract.ReceptionRequested message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.FromJurisdiction != _jurisdiction) return;
        var state = await session.Events.AggregateStreamAsync<ReturnCase>(message.CaseId, token: ct)
            ?? throw new InvalidMessageException($"ReceptionRequested for case {message.CaseId}, which this node does not hold.");
        var sent = await sender.SendAsync(ReturnAcrossBorders.Request(message), message.ToJurisdiction, ReturnAcrossBorders.Grounds(state, message.Basis == TransferBases.Consent), ct);
        if (sent.Refusal is { } refusal) throw new InvalidMessageException($"The reception request {message.RequestId} was refused at the border: {refusal.Rule}: {refusal.Detail}");
    }
}

/// <summary>Country of return: a return-reception request from a partner node opens the incoming return, in the transaction that accepts the message.</summary>
public sealed class IncomingReceptionRequests(IDocumentStore store, ServiceIdentity node, TimeProvider clock, ILogger<IncomingReceptionRequests> logger) : ICrossBorderHandler
{
    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (message.Message is not CrossBorderRequest { Purpose: CrossBorderPurposes.ReturnReception } request) return;
        if (request.ToJurisdiction != node.Jurisdiction || request.FromJurisdiction != message.Envelope.From || !Jurisdictions.IsValid(request.FromJurisdiction))
            throw new InvalidMessageException($"Reception request {request.RequestId} is not addressed from {message.Envelope.From} to {node.Jurisdiction}.");

        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        session.Stamp(Actor.System(node.Name, node.Jurisdiction), causationId: message.Envelope.MessageId.ToString(), correlationId: request.RequestId.ToString("N"));
        var stream = await session.Events.FetchForWriting<IncomingReturn>(request.RequestId, ct);
        var decision = Reintegrating.Receive(stream.Aggregate, ReturnAcrossBorders.Reception(request), new DecisionContext(Actor.System(node.Name, node.Jurisdiction), clock.GetUtcNow()));
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(Reintegrating.LegalBasis,
            $"Reception request {request.RequestId} received from {request.FromJurisdiction}'s node over the cross-border exchange (message {message.Envelope.MessageId}, signature verified)."));
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Reception request {RequestId} from {From} opened an incoming return", request.RequestId, request.FromJurisdiction);
    }
}

/// <summary>Country of return: its focal point's acknowledgement of a request that came over the exchange goes back as signed evidence.</summary>
public sealed class ReceptionAcknowledgementCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, TimeProvider clock, ILogger<ReceptionAcknowledgementCrossingBorder> logger)
    : IdempotentConsumer<Contract.ReceptionAcknowledged>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override async Task HandleAsync(Contract.ReceptionAcknowledged message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.AnsweringJurisdiction != _jurisdiction) return;
        var sent = await sender.AcknowledgeAsync(message.RequestId, ct);
        if (sent?.Refusal is { } refusal) throw new InvalidMessageException($"The acknowledgement of {message.RequestId} was refused at the border: {refusal.Rule}: {refusal.Detail}");
    }
}

/// <summary>
/// Destination side: the country of return's signed evidence that its focal point acknowledged this node's reception
/// request is the acknowledgement of the return (applied as the internal answer is, in the transaction that accepts it).
/// </summary>
public sealed class ReceptionAnswersFromPartners(IDocumentStore store, ServiceIdentity node, CrossBorderLedger ledger) : ICrossBorderHandler
{
    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (message.Message is not CrossBorderDeliveryEvidence { Evidence: DeliveryEvidenceKinds.AcknowledgedByFocalPoint } evidence) return;
        if (await ledger.FindRequestAsync(CrossBorderLedger.Sent, evidence.RequestId, ct, connection, transaction) is not { } sent) return;
        var request = System.Text.Json.JsonSerializer.Deserialize<CrossBorderRequest>(sent.Body, CrossBorderJson.Options)!;
        if (request.Purpose != CrossBorderPurposes.ReturnReception || sent.Counterpart != message.Envelope.From) return;

        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
        session.Stamp(Actor.System(node.Name, node.Jurisdiction), causationId: message.Envelope.MessageId.ToString(), correlationId: request.RequestId.ToString("N"));
        var stream = await session.Events.FetchForWriting<ReturnCase>(request.CaseReference, ct);
        if (stream.Aggregate is not { Reception: not null } state) return;
        var decision = CoordinatingReturn.Answer(state, request.RequestId, message.Envelope.From,
            reception => reception.AcknowledgedAt is null ? new ReceptionAcknowledged(state.Id, request.RequestId, evidence.At) : null);
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(CoordinatingReturn.LegalBasis,
            $"Acknowledged by {message.Envelope.From}'s focal point: signed delivery evidence {evidence.EvidenceId} (message {message.Envelope.MessageId}) for request {request.RequestId}."));
        await session.SaveChangesAsync(ct);
    }
}
