using TransnationalReferral.Protection.Incoming;
using Contract = TransnationalReferral.Contracts.Protection;

namespace TransnationalReferral.Protection.Integration;

/// <summary>
/// Witness relocation and continuity of protection across the border (when the node has partners:
/// <c>CrossBorder:Partners</c>; inbox <c>crossborder.inbox.protection</c>). The node's own
/// <see cref="Contract.RelocationRequested"/> and <see cref="Contract.ProtectionContinuityRequested"/> leave as signed
/// <c>witness-relocation</c> / <c>protection-continuity</c> requests through the gates, on the consents to cross-border
/// transfer in force and with the countries the person claims protection from (noted from Identification); the partner's
/// Protection records them for its focal point (<see cref="IncomingProtectionRequest"/>); its answers go back signed
/// (accepted, declined with a reason code, outcome <c>relocation-arranged</c> or <c>assistance-continued</c> with the
/// services) and are recorded on the requesting case.
/// </summary>
public static class ProtectionAcrossBorders
{
    /// <summary>Outcome of an arranged relocation.</summary>
    public const string RelocationArranged = "relocation-arranged";

    /// <summary>Outcome of an accepted continuity request; its details are the services (need codes) the partner will provide.</summary>
    public const string AssistanceContinued = "assistance-continued";

    /// <summary>How long a partner has to answer (<c>Protection:RelocationResponseDays</c>, 30; <c>Protection:ContinuityResponseDays</c>, 14): then the request is overdue.</summary>
    public static TimeSpan RelocationResponseTime(IConfiguration configuration) => TimeSpan.FromDays(configuration.GetValue("Protection:RelocationResponseDays", 30.0));

    public static TimeSpan ContinuityResponseTime(IConfiguration configuration) => TimeSpan.FromDays(configuration.GetValue("Protection:ContinuityResponseDays", 14.0));

    public static TransferGrounds Grounds(ProtectionCase s) => TransferGrounds.OnConsent(ProtectionRules.ConsentedJurisdictions(s), s.ProtectionClaimedFrom ?? []);

    public static CrossBorderRequest Relocation(Contract.RelocationRequested m, ProtectionCase s, TimeSpan responseTime) => new(
        m.RequestId, CrossBorderPurposes.WitnessRelocation, m.RequestingJurisdiction, m.ToJurisdiction, m.CaseId, s.IsChild,
        m.ForFamilyMembers ? [AnsweringPartnerRequests.RelocationQuestion, AnsweringPartnerRequests.FamilyMembersQuestion] : [AnsweringPartnerRequests.RelocationQuestion],
        TransferBases.Consent, null, HandlingCodes.PurposeOnly, m.RequestedAt + responseTime, m.RequestedAt);

    public static CrossBorderRequest Continuity(Contract.ProtectionContinuityRequested m, ProtectionCase s, TimeSpan responseTime) => new(
        m.RequestId, CrossBorderPurposes.ProtectionContinuity, m.RequestingJurisdiction, m.ToJurisdiction, m.CaseId, s.IsChild, m.Services,
        TransferBases.Consent, null, HandlingCodes.PurposeOnly, m.RequestedAt + responseTime, m.RequestedAt);

    /// <summary>The signed message a focal point's answer becomes.</summary>
    public static object Answer(Contract.PartnerProtectionRequestAnswered m) => m.Answer switch
    {
        "declined" => new CrossBorderDeclined(m.RequestId, m.AnsweringJurisdiction, m.ReasonCode ?? DeclineReasons.Other, m.AnsweredAt),
        "accepted" when m.Purpose == CrossBorderPurposes.ProtectionContinuity => new CrossBorderOutcome(m.RequestId, m.AnsweringJurisdiction, AssistanceContinued, m.AnsweredAt, m.Services),
        "accepted" => new CrossBorderAccepted(m.RequestId, m.AnsweringJurisdiction, m.AnsweredAt),
        RelocationArranged => new CrossBorderOutcome(m.RequestId, m.AnsweringJurisdiction, RelocationArranged, m.AnsweredAt, []),
        _ => throw new InvalidMessageException($"'{m.Answer}' is not an answer to a {m.Purpose} request (accepted, declined, relocation-arranged)."),
    };
}

/// <summary>Requesting side: this node's own relocation and continuity requests leave through the gates (a refusal by a gate goes to the error queue for people to look at).</summary>
public abstract class ProtectionRequestCrossingBorder<T>(CrossBorderServices exchange) : RequestCrossingBorder<T, ProtectionCase>(exchange) where T : class
{
    protected sealed override TransferGrounds Grounds(T message, ProtectionCase state) => ProtectionAcrossBorders.Grounds(state);
}

public sealed class RelocationRequestCrossingBorder(CrossBorderServices exchange, IConfiguration configuration) : ProtectionRequestCrossingBorder<Contract.RelocationRequested>(exchange)
{
    protected override (Guid, string, string) Keys(Contract.RelocationRequested m) => (m.CaseId, m.RequestingJurisdiction, m.ToJurisdiction);

    protected override CrossBorderRequest Request(Contract.RelocationRequested m, ProtectionCase state) => ProtectionAcrossBorders.Relocation(m, state, ProtectionAcrossBorders.RelocationResponseTime(configuration));
}

public sealed class ContinuityRequestCrossingBorder(CrossBorderServices exchange, IConfiguration configuration) : ProtectionRequestCrossingBorder<Contract.ProtectionContinuityRequested>(exchange)
{
    protected override (Guid, string, string) Keys(Contract.ProtectionContinuityRequested m) => (m.CaseId, m.RequestingJurisdiction, m.ToJurisdiction);

    protected override CrossBorderRequest Request(Contract.ProtectionContinuityRequested m, ProtectionCase state) => ProtectionAcrossBorders.Continuity(m, state, ProtectionAcrossBorders.ContinuityResponseTime(configuration));
}

/// <summary>Requested side: a partner's witness-relocation or protection-continuity request becomes a request for this focal point, in the transaction that accepts the message.</summary>
public sealed class IncomingProtectionRequests(CrossBorderServices exchange) : IncomingCrossBorderRequests<IncomingProtectionRequest>(exchange)
{
    protected override IReadOnlyList<string> Purposes => [CrossBorderPurposes.WitnessRelocation, CrossBorderPurposes.ProtectionContinuity];

    protected override string LegalBasis => AnsweringPartnerRequests.LegalBasis;

    protected override Task<Decision> DecideAsync(IncomingProtectionRequest? state, CrossBorderRequest request, DecisionContext context, IDocumentSession session, CancellationToken ct) =>
        Task.FromResult(ReceivingPartnerRequest.Decide(state, request, context,
            request.Purpose == CrossBorderPurposes.WitnessRelocation ? IncomingPurpose.WitnessRelocation : IncomingPurpose.ProtectionContinuity, context.Actor.Jurisdiction));
}

/// <summary>Requested side: the focal point's answer (published on the node's bus) goes back to the requesting node, signed.</summary>
public sealed class PartnerRequestAnswerCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.PartnerProtectionRequestAnswered>(exchange)
{
    protected override (Guid, string?) Keys(Contract.PartnerProtectionRequestAnswered m) => (m.RequestId, m.AnsweringJurisdiction);

    protected override object Reply(Contract.PartnerProtectionRequestAnswered m) => ProtectionAcrossBorders.Answer(m);
}

/// <summary>
/// Requesting side: the partner's signed answers to this node's relocation and continuity requests, recorded on the case
/// (<see cref="RecordingRelocationAnswer"/>, <see cref="RecordingContinuityAnswer"/>) in the
/// transaction that accepts the message, with the message in the audit reasons.
/// </summary>
public sealed class ProtectionAnswersFromPartners(CrossBorderServices exchange) : AnswersFromPartners<ProtectionCase>(exchange)
{
    protected override IReadOnlyCollection<string> Purposes => [CrossBorderPurposes.WitnessRelocation, CrossBorderPurposes.ProtectionContinuity];

    protected override Guid RequestOf(object message) => message switch
    {
        CrossBorderAccepted a => a.RequestId,
        CrossBorderDeclined d => d.RequestId,
        CrossBorderOutcome o => o.RequestId,
        _ => Guid.Empty,
    };

    protected override string LegalBasis(CrossBorderRequest request) =>
        request.Purpose == CrossBorderPurposes.WitnessRelocation ? ProtectingWitnesses.LegalBasis : ContinuingProtection.LegalBasis;

    protected override Task<PartnerAnswer?> DecideAsync(ProtectionCase state, CrossBorderRequest request, ReceivedCrossBorderMessage message, DecisionContext context,
        IDocumentSession session, CancellationToken ct)
    {
        var (requestId, from) = (request.RequestId, message.Envelope.From);
        var (decision, what) = (request.Purpose, message.Message) switch
        {
            (CrossBorderPurposes.WitnessRelocation, CrossBorderAccepted) =>
                (RecordingRelocationAnswer.Decide(state, new(requestId, from, RelocationStatus.Accepted), context), "accepted (signed acceptance)"),
            (CrossBorderPurposes.WitnessRelocation, CrossBorderDeclined d) =>
                (RecordingRelocationAnswer.Decide(state, new(requestId, from, RelocationStatus.Declined, d.ReasonCode), context), $"declined: {d.ReasonCode} (signed decline)"),
            (CrossBorderPurposes.WitnessRelocation, CrossBorderOutcome { Outcome: ProtectionAcrossBorders.RelocationArranged }) =>
                (RecordingRelocationAnswer.Decide(state, new(requestId, from, RelocationStatus.Arranged), context), "relocation arranged (signed outcome)"),
            (CrossBorderPurposes.ProtectionContinuity, CrossBorderDeclined d) =>
                (RecordingContinuityAnswer.Decide(state, new(requestId, from, false, [], d.ReasonCode), context), $"declined: {d.ReasonCode} (signed decline)"),
            (CrossBorderPurposes.ProtectionContinuity, CrossBorderOutcome { Outcome: ProtectionAcrossBorders.AssistanceContinued } o) =>
                (RecordingContinuityAnswer.Decide(state, new(requestId, from, true, Services(o)), context), $"assistance continued: {string.Join(", ", o.Details ?? [])} (signed outcome)"),
            (CrossBorderPurposes.ProtectionContinuity, CrossBorderAccepted) => (Decision.NothingToDo, ""),   // the outcome with the services is the answer
            _ => throw new InvalidMessageException($"A {message.Envelope.Type} is not an answer this node takes to its {request.Purpose} request {requestId}."),
        };
        return Task.FromResult<PartnerAnswer?>(new(decision, $"{request.Purpose} request {requestId} {what} by {from}'s focal point (message {message.Envelope.MessageId})."));
    }

    private static IReadOnlyList<Need> Services(CrossBorderOutcome o)
    {
        var services = new List<Need>();
        foreach (var code in o.Details ?? [])
            services.Add(Codes.TryParse<Need>(code, out var need) ? need : throw new InvalidMessageException($"'{code}' is not a service (need code) in the outcome of continuity request {o.RequestId}."));
        return services;
    }
}

/// <summary>
/// Requesting side: a partner did not answer this node's relocation or continuity request by its respond-by date (the
/// cross-border ledger's deadline): noted on the case once, for the focal point, unless an answer came meanwhile.
/// </summary>
public sealed class ProtectionRequestOverdueHandler(IDocumentStore store, ServiceIdentity node, CrossBorderLedger ledger) : ICrossBorderOverdueHandler
{
    public async Task HandleAsync(OverdueCrossBorderRequest overdue, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (overdue.Purpose is not (CrossBorderPurposes.WitnessRelocation or CrossBorderPurposes.ProtectionContinuity)) return;
        if (await ledger.FindRequestAsync(CrossBorderLedger.Sent, overdue.RequestId, ct, connection, transaction) is not { } sent) return;
        var request = System.Text.Json.JsonSerializer.Deserialize<CrossBorderRequest>(sent.Body, CrossBorderJson.Options)!;

        await using var session = store.OpenCrossBorderSession(transaction, node, sent.MessageId, request.RequestId);
        var stream = await session.Events.FetchForWriting<ProtectionCase>(request.CaseReference, ct);
        if (stream.Aggregate is not { } state) return;
        var unanswered = (state.Relocations ?? []).Any(r => r.RequestId == request.RequestId && r.Status == RelocationStatus.Requested && r.OverdueSince is null)
                         || (state.ContinuityRequests ?? []).Any(r => r.RequestId == request.RequestId && r.Status == ContinuityStatus.Requested && r.OverdueSince is null);
        if (!unanswered) return;
        stream.AppendOne(new PartnerRequestOverdue(request.CaseReference, request.RequestId, overdue.To, overdue.RespondBy, overdue.NotedAt));
        session.Record(new DecisionBasis(request.Purpose == CrossBorderPurposes.WitnessRelocation ? ProtectingWitnesses.LegalBasis : ContinuingProtection.LegalBasis,
            $"No answer from {overdue.To}'s focal point to {request.Purpose} request {request.RequestId} by {overdue.RespondBy:yyyy-MM-dd HH:mm} UTC."));
        await session.SaveChangesAsync(ct);
    }
}
