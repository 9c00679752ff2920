using Marten;
using Npgsql;
using TransnationalReferral.Contracts.CrossBorder;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.Remedies.Claims;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Remedies.Integration;

/// <summary>
/// A compensation request from a partner node (its own inbox, <c>crossborder.inbox.remedies</c>): a claim the partner
/// forwarded for this jurisdiction to decide, filed here (<see cref="Claiming.ReceiveForwarded"/>) in the transaction that
/// accepts the message, with the decision deadline scheduled and the originating node, request and message in the audit
/// metadata. The claim id is the request id; the case id the partner's case reference. The request's questions are
/// codes: the claim type (e.g. <c>state-compensation-fund</c>) and <c>deciding-body:&lt;code&gt;</c>.
/// </summary>
public sealed class IncomingCompensationRequests(IDocumentStore store, ServiceIdentity node, RemediesOptions options, TimeProvider clock, ILogger<IncomingCompensationRequests> logger) : ICrossBorderHandler
{
    public const string DecidingBodyPrefix = "deciding-body:";

    /// <summary>The owner organisation recorded for a case another state's node forwarded (e.g. <c>cross-border:NG</c>).</summary>
    public const string ForwardedByPrefix = "cross-border:";

    public async Task HandleAsync(ReceivedCrossBorderMessage message, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (message.RequestFor(CrossBorderPurposes.Compensation, node.Jurisdiction) is not { } request) return;
        var types = request.Questions.Select(q => Codes.TryParse<ClaimType>(q, out var t) ? t : (ClaimType?)null).OfType<ClaimType>().Distinct().ToList();
        if (types.Count != 1)
            throw new InvalidMessageException($"Compensation request {request.RequestId} names {types.Count} claim types among its questions; one is needed.");
        var decidingBody = request.Questions.FirstOrDefault(q => q.StartsWith(DecidingBodyPrefix, StringComparison.Ordinal))?[DecidingBodyPrefix.Length..] ?? "";
        var actor = Actor.System(node.Name, node.Jurisdiction);

        await using var session = store.OpenCrossBorderSession(transaction, node, message.Envelope.MessageId, request.RequestId);
        var stream = await session.Events.FetchForWriting<RemediesCase>(request.CaseReference, ct);
        var decision = Claiming.ReceiveForwarded(stream.Aggregate, request.CaseReference, request.RequestId, types[0], node.Jurisdiction, request.FromJurisdiction, decidingBody,
            options.DecisionTime(node.Jurisdiction), new DecisionContext(actor, clock.GetUtcNow()));
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        // The case came from another state: this node's register holds it for its own focal point and auditors (the
        // access check of every case endpoint reads the register), owned by the forwarding node.
        if (await session.LoadAsync<RegisteredCase>(request.CaseReference, ct) is null)
            session.Store(new RegisteredCase(request.CaseReference, Guid.Empty, node.Jurisdiction, $"{ForwardedByPrefix}{request.FromJurisdiction}",
                request.ChildCase ? ChildStatuses.Child : ChildStatuses.Adult, clock.GetUtcNow(), []));
        session.Record(new DecisionBasis(Claiming.LegalBasis,
            $"Compensation claim forwarded by {request.FromJurisdiction}'s node over the cross-border exchange (request {request.RequestId}, message {message.Envelope.MessageId}, signature verified)."));
        var received = decision.Events.OfType<ForwardedClaimReceived>().Single();
        await session.ScheduleAsync(request.CaseReference, Claiming.DecisionDeadline, received.DecisionDueBy, ct, subject: request.RequestId);
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Compensation request {RequestId} from {From} filed as a forwarded claim", request.RequestId, request.FromJurisdiction);
    }
}
