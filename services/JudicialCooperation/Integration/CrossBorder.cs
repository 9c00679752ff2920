using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Integration;

/// <summary>
/// A judicial cooperation request from a partner node — mutual legal assistance, extradition, a joint investigation team,
/// a transfer of proceedings, police cooperation (its own inbox, <c>crossborder.inbox.judicial</c>, the purposes of
/// <see cref="JudicialCrossing"/>; the request type must be of its purpose): registered
/// as an incoming judicial request by the same decision as one heard on the node's bus (<see cref="RegisteringIncomingRequest"/>),
/// in the transaction that accepts the message, with the originating node, request and message in the audit metadata.
/// The request's questions are codes: the request type (e.g. <c>mla-video-testimony</c>), and the role of the person the
/// case reference names (e.g. <c>victim-witness</c>; a victim-witness when none is given), and <c>urgent</c>; a transfer
/// of proceedings carries the requesting state's forum criteria (<c>forum:&lt;code&gt;</c>), recorded with the registration. Keyed hashes
/// of the persons it prosecutes or seeks (<see cref="CrossBorderRequest.IdentityKeys"/>) are matched by Identification
/// (<see cref="IdentityMatching"/>) before it may be executed.
/// </summary>
public sealed class IncomingMutualLegalAssistance(CrossBorderServices exchange) : IncomingCrossBorderRequests<JudicialRequest>(exchange)
{
    public const string Urgent = "urgent";

    protected override IReadOnlyList<string> Purposes => JudicialCrossing.Purposes;

    protected override string LegalBasis => Cooperating.LegalBasis;

    protected override string Name(CrossBorderRequest request) => JudicialCrossing.NameOf(request.Purpose);

    protected override async Task<Decision> DecideAsync(JudicialRequest? state, CrossBorderRequest request, DecisionContext context, IDocumentSession session, CancellationToken ct)
    {
        var types = request.Questions.Select(q => Codes.TryParse<RequestType>(q, out var t) ? t : (RequestType?)null).OfType<RequestType>().Distinct().ToList();
        if (types.Count != 1)
            throw new InvalidMessageException($"{Name(request)} {request.RequestId} names {types.Count} request types among its questions; one is needed.");
        if (JudicialCrossing.PurposeOf(types[0]) != request.Purpose)
            throw new InvalidMessageException($"{Name(request)} {request.RequestId} asks for '{Codes.Of(types[0])}', which is not a request of the purpose '{request.Purpose}'.");
        var role = request.Questions.Select(q => Codes.TryParse<PersonRole>(q, out var r) ? r : (PersonRole?)null).OfType<PersonRole>().FirstOrDefault(PersonRole.VictimWitness);
        var persons = new List<Person> { new(request.CaseReference, role) };
        var recognised = await session.RecognisedVictimsAsync(persons.Select(p => p.CaseId), ct);
        var registered = RegisteringIncomingRequest.Decide(state, new(request.RequestId, types[0], context.Actor.Jurisdiction, request.FromJurisdiction, request.Questions.Contains(Urgent),
            persons, JudicialAttachments.Received(request), request.RespondBy), context, recognised, IdentityMatching.KeysOf(request));
        var forum = JudicialCrossing.ForumCriteriaOf(request.Questions);
        return registered.Events.Count == 0 || forum.Count == 0 ? registered
            : Decision.Accept([.. registered.Events, new ForumCriteriaRecorded(request.RequestId, forum, false, request.FromJurisdiction, context.Now)]);
    }

    protected override Task AcceptedAsync(CrossBorderRequest request, IDocumentSession session, CancellationToken ct) =>
        session.ScheduleAsync(request.RequestId, RequestEndpoints.ResponseDeadline, request.RespondBy, ct);
}

/// <summary>
/// Requesting side: a judicial cooperation request this node sent to a partner node's jurisdiction leaves as a signed
/// request of its purpose (<see cref="JudicialCrossing"/>: mutual legal assistance, extradition, joint investigation,
/// transfer of proceedings, police cooperation) through the cross-border gates, on the recorded legal basis of its
/// purpose (<see cref="JudicialCrossing.LegalBasisOf"/>). The case reference is the victim's (or, without one, the first
/// person's) case id; the questions are the request type, that person's role, <c>urgent</c>, and for a transfer of
/// proceedings its forum criteria (<c>forum:&lt;code&gt;</c>). The gate on the country of claimed protection
/// checks the countries every person the request names claims protection from (heard from Identification, kept on their
/// judicial files), not only the referenced person's. A refusal at the border goes to the error queue.
/// </summary>
public sealed class MutualLegalAssistanceCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, PartnerKeys partners, TimeProvider clock,
    ILogger<MutualLegalAssistanceCrossingBorder> logger, BilateralIdentityKeys identityKeys) : IdempotentConsumer<Contract.JudicialRequestSent>(store, node, clock, logger)
{
    public const string MlaLegalBasis = "untoc-art-18";
    public const string ExtraditionLegalBasis = "untoc-art-16";
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override Task HandleAsync(Contract.JudicialRequestSent m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        // With a partner that matches identities, the request waits for Identification's keyed hashes (IdentityKeysCrossingBorder sends it).
        identityKeys.CurrentKeyId(m.ToJurisdiction) is not null ? Task.CompletedTask : CrossAsync(m, null, _jurisdiction, sender, partners, session, ct);

    /// <summary>The request across the border, with the keyed hashes of the persons it names when identities are matched with the partner.</summary>
    internal static async Task CrossAsync(Contract.JudicialRequestSent m, IReadOnlyList<string>? identityKeys, string jurisdiction, CrossBorderSender sender, PartnerKeys partners,
        IDocumentSession session, CancellationToken ct)
    {
        if (m.FromJurisdiction != jurisdiction || !partners.Partners.Contains(m.ToJurisdiction) || !Codes.TryParse<RequestType>(m.Type, out var type)
            || JudicialCrossing.PurposeOf(type) is not { } purpose) return;
        var legalBasis = JudicialCrossing.LegalBasisOf(purpose);
        var person = m.Persons.FirstOrDefault(p => p.Role is "victim" or "victim-witness") ?? m.Persons.FirstOrDefault()
            ?? throw new InvalidMessageException($"Judicial request {m.RequestId} names no person to refer to across the border.");
        var forum = type == RequestType.TransferOfProceedings && await session.LoadAsync<JudicialRequest>(m.RequestId, ct) is { ForumCriteria: { } criteria }
            ? criteria.Select(JudicialCrossing.ForumQuestion) : [];
        var request = new CrossBorderRequest(m.RequestId, purpose, m.FromJurisdiction, m.ToJurisdiction, person.CaseId, false,
            [.. m.Urgent ? [m.Type, person.Role, IncomingMutualLegalAssistance.Urgent] : new[] { m.Type, person.Role }, .. forum],
            TransferBases.LegalBasis, legalBasis, HandlingCodes.PurposeOnly, m.RespondBy, m.SentAt, identityKeys, JudicialAttachments.Crossing(m.Attachments));
        var claimed = await session.ProtectionClaimedFromAsync(m.Persons.Select(p => p.CaseId), ct);
        var sent = await sender.SendAsync(request, m.ToJurisdiction, TransferGrounds.OnLegalBasis(legalBasis, claimed), ct);
        if (sent.Refusal is { } refusal) throw new InvalidMessageException($"The judicial request {m.RequestId} was refused at the border: {refusal.Rule}: {refusal.Detail}");
    }
}

/// <summary>
/// The codes a mutual legal assistance request's answers carry across the border: the outcome of a completed request
/// (<c>executed</c>, <c>partially-executed</c>) and the update that a victim's testimony by video conference was held.
/// A refusal crosses as <c>declined</c> with its grounds as the reason code (<see cref="DeclineReasons"/>).
/// </summary>
public static class MutualLegalAssistanceAnswers
{
    public const string Executed = "executed";
    public const string PartiallyExecuted = "partially-executed";
    public const string VideoTestimonyHeld = "video-testimony-held";

    /// <summary>
    /// Update: the requested state notified the victim of the offender's surrender, release or transfer, through the
    /// victim's focal point or lawyer in the requesting state; details <c>movement:&lt;code&gt;</c>, <c>through:&lt;code&gt;</c>,
    /// <c>notified-at:&lt;instant&gt;</c>. The requesting node records it as received on its request.
    /// </summary>
    public const string VictimNotified = "victim-notified";
}

/// <summary>
/// Which request types cross the signed exchange, under which purpose and legal basis: every form of judicial cooperation,
/// each through the same gates, signed, with delivery evidence, its answers recorded once (one path, not one per form).
/// </summary>
public static class JudicialCrossing
{
    public const string JitLegalBasis = "untoc-art-19";
    public const string TransferOfProceedingsLegalBasis = "untoc-art-21";
    public const string PoliceCooperationLegalBasis = "untoc-art-27";

    public static readonly IReadOnlyList<string> Purposes = [CrossBorderPurposes.MutualLegalAssistance, CrossBorderPurposes.Extradition, CrossBorderPurposes.JointInvestigation,
        CrossBorderPurposes.TransferOfProceedings, CrossBorderPurposes.PoliceCooperation];

    public static string? PurposeOf(RequestType type) => type switch
    {
        RequestType.Extradition => CrossBorderPurposes.Extradition,
        RequestType.JointInvestigationTeam => CrossBorderPurposes.JointInvestigation,
        RequestType.TransferOfProceedings => CrossBorderPurposes.TransferOfProceedings,
        RequestType.PoliceCooperation => CrossBorderPurposes.PoliceCooperation,
        _ when Codes.Of(type).StartsWith("mla-", StringComparison.Ordinal) => CrossBorderPurposes.MutualLegalAssistance,
        _ => null,
    };

    /// <summary>The legal basis a request of <paramref name="purpose"/> crosses on (UNTOC arts. 16, 18, 19, 21, 27).</summary>
    public static string LegalBasisOf(string purpose) => purpose switch
    {
        CrossBorderPurposes.Extradition => MutualLegalAssistanceCrossingBorder.ExtraditionLegalBasis,
        CrossBorderPurposes.JointInvestigation => JitLegalBasis,
        CrossBorderPurposes.TransferOfProceedings => TransferOfProceedingsLegalBasis,
        CrossBorderPurposes.PoliceCooperation => PoliceCooperationLegalBasis,
        _ => MutualLegalAssistanceCrossingBorder.MlaLegalBasis,
    };

    /// <summary>What a request of <paramref name="purpose"/> is called in the audit reasons.</summary>
    public static string NameOf(string purpose) => purpose switch
    {
        CrossBorderPurposes.Extradition => "Extradition request",
        CrossBorderPurposes.JointInvestigation => "Joint investigation team request",
        CrossBorderPurposes.TransferOfProceedings => "Transfer of proceedings request",
        CrossBorderPurposes.PoliceCooperation => "Police cooperation request",
        _ => "Mutual legal assistance request",
    };

    private const string ForumPrefix = "forum:";

    public static string ForumQuestion(ForumCriterion criterion) => ForumPrefix + Codes.Of(criterion);

    /// <summary>The forum criteria among a request's questions (unknown codes are not criteria).</summary>
    public static IReadOnlyList<ForumCriterion> ForumCriteriaOf(IEnumerable<string> questions) =>
        [.. questions.Where(q => q.StartsWith(ForumPrefix, StringComparison.Ordinal))
            .Select(q => Codes.TryParse<ForumCriterion>(q[ForumPrefix.Length..], out var c) ? c : (ForumCriterion?)null).OfType<ForumCriterion>().Distinct().Order()];
}

// Requested side: the focal point's decisions on an incoming request that came over the exchange go back signed, each
// from the node's own bus event (the ledger decides: a request that came only over the bus sends nothing back).

public sealed class MlaAcknowledgementCrossingBorder(CrossBorderServices exchange) : AcknowledgementCrossingBorder<Contract.JudicialRequestAcknowledged>(exchange)
{
    protected override (Guid, string?) Keys(Contract.JudicialRequestAcknowledged m) => (m.RequestId, m.AnsweringJurisdiction);
}

/// <summary>Execution started: the request is <c>accepted</c>. (The bus event names no jurisdiction: the ledger alone says whether this node was asked.)</summary>
public sealed class MlaExecutionCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.JudicialRequestExecutionStarted>(exchange)
{
    protected override (Guid, string?) Keys(Contract.JudicialRequestExecutionStarted m) => (m.RequestId, null);

    protected override object Reply(Contract.JudicialRequestExecutionStarted m) =>
        new CrossBorderAccepted(m.RequestId, Jurisdiction, m.StartedAt);
}

/// <summary>A victim's testimony by video conference held: update <c>video-testimony-held</c> (the case reference is the request's; no case id crosses again).</summary>
public sealed class MlaTestimonyCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.VideoTestimonyHeld>(exchange)
{
    protected override (Guid, string?) Keys(Contract.VideoTestimonyHeld m) => (m.RequestId, null);

    protected override object Reply(Contract.VideoTestimonyHeld m) =>
        new CrossBorderUpdate(m.RequestId, Jurisdiction, 1, MutualLegalAssistanceAnswers.VideoTestimonyHeld, m.HeldAt);
}

/// <summary>
/// The victim notified of the offender's surrender, release or transfer on a request a partner sent over the exchange:
/// the notification goes to the requesting node as a signed update (<see cref="MutualLegalAssistanceAnswers.VictimNotified"/>),
/// for the victim's focal point or lawyer there, not only as a statement here.
/// </summary>
public sealed class VictimNotificationCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.VictimNotifiedOfOffenderMovement>(exchange)
{
    protected override (Guid, string?) Keys(Contract.VictimNotifiedOfOffenderMovement m) => (m.RequestId, null);

    protected override object Reply(Contract.VictimNotifiedOfOffenderMovement m) =>
        new CrossBorderUpdate(m.RequestId, Jurisdiction, 2, MutualLegalAssistanceAnswers.VictimNotified, m.NotifiedAt,
            [$"movement:{m.Movement}", $"through:{m.NotifiedThrough}", $"notified-at:{m.NotifiedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}"]);
}

public sealed class MlaCompletionCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.JudicialRequestExecuted>(exchange)
{
    protected override (Guid, string?) Keys(Contract.JudicialRequestExecuted m) => (m.RequestId, m.AnsweringJurisdiction);

    protected override object Reply(Contract.JudicialRequestExecuted m) =>
        new CrossBorderOutcome(m.RequestId, Jurisdiction,
            m.Outcome == MutualLegalAssistanceAnswers.PartiallyExecuted ? MutualLegalAssistanceAnswers.PartiallyExecuted : MutualLegalAssistanceAnswers.Executed, m.ExecutedAt);
}

public sealed class MlaRefusalCrossingBorder(CrossBorderServices exchange) : ReplyCrossingBorder<Contract.JudicialRequestRefused>(exchange)
{
    protected override (Guid, string?) Keys(Contract.JudicialRequestRefused m) => (m.RequestId, m.AnsweringJurisdiction);

    protected override object Reply(Contract.JudicialRequestRefused m) =>
        new CrossBorderDeclined(m.RequestId, Jurisdiction, m.Grounds, m.RefusedAt);
}

/// <summary>
/// Requesting side: the requested node's signed answers to this node's mutual legal assistance request — its focal
/// point's acknowledgement (evidence), execution started (accepted), a video testimony held (update), completion
/// (outcome) and refusal (declined, the grounds as reason code) — applied to the outgoing request by the rule for the
/// answers heard on the node's bus (<see cref="HearingAnswer"/>), in the transaction that accepts the message,
/// with the originating node and message in the audit reasons. Only from the node the request went to.
/// </summary>
public sealed class MutualLegalAssistanceAnswersFromPartners(CrossBorderServices exchange) : AnswersFromPartners<JudicialRequest>(exchange)
{
    protected override IReadOnlyCollection<string> Purposes => JudicialCrossing.Purposes;

    protected override Guid RequestOf(object message) => message switch
    {
        CrossBorderDeliveryEvidence { Evidence: DeliveryEvidenceKinds.AcknowledgedByFocalPoint } e => e.RequestId,
        CrossBorderAccepted a => a.RequestId,
        CrossBorderDeclined d => d.RequestId,
        CrossBorderOutcome o => o.RequestId,
        CrossBorderUpdate { Update: MutualLegalAssistanceAnswers.VideoTestimonyHeld or MutualLegalAssistanceAnswers.VictimNotified } u => u.RequestId,
        _ => Guid.Empty,
    };

    /// <summary>The answer is recorded on the outgoing request itself.</summary>
    protected override Guid StreamOf(CrossBorderRequest request) => request.RequestId;

    protected override string LegalBasis(CrossBorderRequest request) => Cooperating.LegalBasis;

    protected override Task<PartnerAnswer?> DecideAsync(JudicialRequest state, CrossBorderRequest request, ReceivedCrossBorderMessage message, DecisionContext context,
        IDocumentSession session, CancellationToken ct)
    {
        if (state is not { Direction: Direction.Outgoing } outgoing) return Task.FromResult<PartnerAnswer?>(null);
        var (requestId, from) = (request.RequestId, message.Envelope.From); // (the receiver checked that the answering jurisdiction is the signer)
        (object Answer, string What) = message.Message switch
        {
            CrossBorderDeliveryEvidence e => ((object)new RequestAcknowledged(outgoing.Id, outgoing.Direction, outgoing.Jurisdiction, e.At), $"Acknowledged by {from}'s focal point (signed delivery evidence {e.EvidenceId})"),
            CrossBorderAccepted a => (new RequestExecutionStarted(outgoing.Id, a.AcceptedAt), $"Execution started by {from} (signed acceptance)"),
            CrossBorderDeclined d => (new RequestRefused(outgoing.Id, outgoing.Direction, outgoing.Jurisdiction, Codes.TryParse<RefusalGrounds>(d.ReasonCode, out var grounds) ? grounds : RefusalGrounds.Other, d.DeclinedAt),
                $"Refused by {from} on the grounds '{d.ReasonCode}' (signed refusal)"),
            CrossBorderOutcome { Outcome: MutualLegalAssistanceAnswers.Executed or MutualLegalAssistanceAnswers.PartiallyExecuted } o =>
                (new RequestExecuted(outgoing.Id, outgoing.Direction, outgoing.Jurisdiction, o.Outcome == MutualLegalAssistanceAnswers.PartiallyExecuted, o.ConcludedAt), $"Request {o.Outcome} by {from} (signed outcome)"),
            CrossBorderOutcome o => throw new InvalidMessageException($"The outcome '{o.Outcome}' of mutual legal assistance request {requestId} is not one this node knows (executed, partially-executed)."),
            CrossBorderUpdate { Update: MutualLegalAssistanceAnswers.VictimNotified } u => (VictimNotification(outgoing, request, u, from, context),
                $"The victim notified of the offender's {Detail(u, "movement")} by {from}, through the victim's {Detail(u, "through")} here (signed update)"),
            CrossBorderUpdate u => (new TestimonyHeld(outgoing.Id, request.CaseReference, Modality.VideoConference, u.At), $"Testimony by video conference held in {from} (signed update)"),
            _ => throw new InvalidOperationException("unreachable"),
        };
        return Task.FromResult<PartnerAnswer?>(new(HearingAnswer.Decide(outgoing, new(from, Answer), context),
            $"{What}, received from {from}'s node over the cross-border exchange (message {message.Envelope.MessageId}, signature verified) for request {requestId}."));
    }

    internal static string Detail(CrossBorderUpdate update, string name) =>
        (update.Details ?? []).FirstOrDefault(d => d.StartsWith(name + ":", StringComparison.Ordinal))?[(name.Length + 1)..]
        ?? throw new InvalidMessageException($"The update '{update.Update}' on request {update.RequestId} has no '{name}:' detail.");

    private static VictimNotificationReceived VictimNotification(JudicialRequest outgoing, CrossBorderRequest request, CrossBorderUpdate update, string from, DecisionContext context) =>
        Codes.TryParse<Movement>(Detail(update, "movement"), out var movement) && Codes.TryParse<NotifiedThrough>(Detail(update, "through"), out var through)
            ? new VictimNotificationReceived(outgoing.Id, request.CaseReference, movement, through, from, update.At, context.Now)
            : throw new InvalidMessageException($"The victim notification on request {update.RequestId} names an unknown movement or channel ({string.Join(", ", update.Details ?? [])}).");

    /// <summary>An acceptance, a refusal or an outcome ends the wait for an answer.</summary>
    protected override Task AcceptedAsync(PartnerAnswer answer, CrossBorderRequest request, ReceivedCrossBorderMessage message, IDocumentSession session, CancellationToken ct)
    {
        if (message.Message is CrossBorderAccepted or CrossBorderDeclined or CrossBorderOutcome) session.Cancel(request.RequestId, RequestEndpoints.ResponseDeadline);
        return Task.CompletedTask;
    }
}
