using JasperFx.Events;
using TransnationalReferral.Contracts.Identification;
using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Integration;

/// <summary>
/// What the judicial service does with the facts from Identification (the consumers are shared): keeps a judicial file for
/// the case, and notes the countries the person claims international protection from (no request naming them goes there).
/// </summary>
public sealed class JudicialFacts : FactsFromIdentification<CaseFile>
{
    public override IdentificationFact Hears => IdentificationFact.ProtectionClaims;

    protected override FactSources Sources { get; } = new(Cooperating.LegalBasis, "Judicial file kept for the case opened by Identification.");

    public override Decision Open(CaseFile? state, CaseOpening opening, DecisionContext context) =>
        state is not null ? Decision.NothingToDo : Decision.Accept(new CaseFileOpened(opening.CaseId, opening.Jurisdiction, context.Now));
}

/// <summary>Identification recognised the person (reasonable grounds, or conclusive): non-punishment reviews read it.</summary>
public abstract class RecognitionConsumer<T>(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger logger) : IdempotentConsumer<T>(store, service, clock, logger) where T : class
{
    protected abstract (Guid CaseId, bool Recognised) Read(T message);

    protected override async Task HandleAsync(T message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var (caseId, recognised) = Read(message);
        var stream = await session.Events.FetchForWriting<CaseFile>(caseId, ct);
        var file = stream.Aggregate ?? throw new InvalidOperationException($"Judicial file {caseId} is not open yet; retried.");
        if (file.RecognisedVictim == recognised) return;
        stream.AppendOne(new VictimRecognitionNoted(caseId, recognised, context.Now));
        session.Record(new DecisionBasis(Cooperating.NonPunishmentSource, $"{typeof(T).Name} (Identification)."));
    }
}

public sealed class PresumedVictimRecognisedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<PresumedVictimRecognisedConsumer> logger)
    : RecognitionConsumer<PresumedVictimRecognised>(store, service, clock, logger)
{
    protected override (Guid, bool) Read(PresumedVictimRecognised m) => (m.CaseId, true);
}

public sealed class VictimFormallyIdentifiedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<VictimFormallyIdentifiedConsumer> logger)
    : RecognitionConsumer<VictimFormallyIdentified>(store, service, clock, logger)
{
    protected override (Guid, bool) Read(VictimFormallyIdentified m) => (m.CaseId, m.Identified);
}

/// <summary>An incoming request addressed to this node's jurisdiction; persons recognised as victims and prosecuted are flagged.</summary>
public sealed class JudicialRequestSentConsumer(IDocumentStore store, ServiceIdentity node, TimeProvider clock, ILogger<JudicialRequestSentConsumer> logger)
    : IdempotentConsumer<Contract.JudicialRequestSent>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override async Task HandleAsync(Contract.JudicialRequestSent m, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (m.RequestId == Guid.Empty || !Jurisdictions.IsValid(m.FromJurisdiction) || !Jurisdictions.IsValid(m.ToJurisdiction) || !Codes.TryParse<RequestType>(m.Type, out var type))
            throw new InvalidMessageException("JudicialRequestSent needs a request id, two ISO jurisdictions and a known type code.");
        if (m.ToJurisdiction != _jurisdiction) return;
        var persons = m.Persons.Select(p => Codes.TryParse<PersonRole>(p.Role, out var role) && p.CaseId != Guid.Empty ? new Person(p.CaseId, role)
            : throw new InvalidMessageException("A person concerned needs a case id and a known role code.")).ToList();
        var attachments = m.Attachments.Select(a => Codes.TryParse<Classification>(a.Classification, out var c) && Codes.TryParse<Handling>(a.Handling, out var h)
            ? new Attachment(a.AttachmentId, a.Reference, c, h, a.ContainsVictimPersonalData, null)
            : throw new InvalidMessageException("An attachment needs known classification and handling codes.")).ToList();
        var recognised = await session.RecognisedVictimsAsync(persons.Select(p => p.CaseId), ct);
        var stream = await session.Events.FetchForWriting<JudicialRequest>(m.RequestId, ct);
        var decision = RegisteringIncomingRequest.Decide(stream.Aggregate, new(m.RequestId, type, _jurisdiction, m.FromJurisdiction, m.Urgent, persons, attachments, m.RespondBy), context, recognised);
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(Cooperating.LegalBasis, $"Request received from {m.FromJurisdiction}."));
        await IdentityMatching.FlagCaseFilesAsync(session, decision.Events, m.FromJurisdiction, ct);
        await session.ScheduleAsync(m.RequestId, RequestEndpoints.ResponseDeadline, m.RespondBy, ct);
    }
}

/// <summary>The counterpart's answers to an outgoing request. A node that sent nothing by that id ignores them.</summary>
public abstract class AnswerConsumer<T>(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger logger) : IdempotentConsumer<T>(store, service, clock, logger) where T : class
{
    private readonly ILogger _logger = logger;

    protected abstract (Guid RequestId, string From) Keys(T message);

    protected abstract object Answer(T message, JudicialRequest request, DecisionContext context);

    protected override async Task HandleAsync(T message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var (requestId, from) = Keys(message);
        var stream = await session.Events.FetchForWriting<JudicialRequest>(requestId, ct);
        if (stream.Aggregate is not { Direction: Direction.Outgoing } request)
        {
            _logger.LogInformation("{Message} {RequestId} answers no outgoing request of this node; ignored", typeof(T).Name, requestId);
            return;
        }
        var decision = HearingAnswer.Decide(request, new(from, Answer(message, request, context)), context);
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(Cooperating.LegalBasis, $"{typeof(T).Name} from {from}."));
        if (decision.Events[0] is not RequestAcknowledged) session.Cancel(requestId, RequestEndpoints.ResponseDeadline);
    }
}

public sealed class AcknowledgedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<AcknowledgedConsumer> logger)
    : AnswerConsumer<Contract.JudicialRequestAcknowledged>(store, service, clock, logger)
{
    protected override (Guid, string) Keys(Contract.JudicialRequestAcknowledged m) => (m.RequestId, m.AnsweringJurisdiction);
    protected override object Answer(Contract.JudicialRequestAcknowledged m, JudicialRequest r, DecisionContext c) => new RequestAcknowledged(r.Id, r.Direction, r.Jurisdiction, m.AcknowledgedAt);
}

public sealed class ExecutedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ExecutedConsumer> logger)
    : AnswerConsumer<Contract.JudicialRequestExecuted>(store, service, clock, logger)
{
    protected override (Guid, string) Keys(Contract.JudicialRequestExecuted m) => (m.RequestId, m.AnsweringJurisdiction);
    protected override object Answer(Contract.JudicialRequestExecuted m, JudicialRequest r, DecisionContext c) => new RequestExecuted(r.Id, r.Direction, r.Jurisdiction, m.Outcome == "partially-executed", m.ExecutedAt);
}

public sealed class RefusedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<RefusedConsumer> logger)
    : AnswerConsumer<Contract.JudicialRequestRefused>(store, service, clock, logger)
{
    protected override (Guid, string) Keys(Contract.JudicialRequestRefused m) => (m.RequestId, m.AnsweringJurisdiction);
    protected override object Answer(Contract.JudicialRequestRefused m, JudicialRequest r, DecisionContext c) =>
        new RequestRefused(r.Id, r.Direction, r.Jurisdiction, Codes.TryParse<RefusalGrounds>(m.Grounds, out var g) ? g : RefusalGrounds.Other, m.RefusedAt);
}

/// <summary>Remedies (of another state) asks this one to return confiscated proceeds: registered for the judicial authority to answer.</summary>
public sealed class ProceedsReturnRequestedConsumer(IDocumentStore store, ServiceIdentity node, TimeProvider clock, ILogger<ProceedsReturnRequestedConsumer> logger)
    : IdempotentConsumer<Contracts.Remedies.ProceedsReturnRequested>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override async Task HandleAsync(Contracts.Remedies.ProceedsReturnRequested m, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (m.ToJurisdiction != _jurisdiction) return;
        if (Currencies.Problem(m.Amount, m.Currency) is not null) throw new InvalidMessageException("ProceedsReturnRequested needs a positive amount in an ISO 4217 currency.");
        var stream = await session.Events.FetchForWriting<IncomingProceedsReturn>(m.RequestId, ct);
        var decision = RegisteringProceedsReturn.Decide(stream.Aggregate, new(m.RequestId, m.CaseId, _jurisdiction, m.RequestingJurisdiction, new Money(m.Amount, m.Currency)), context);
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(ProceedsReturns.LegalBasis, $"Request from {m.RequestingJurisdiction} to return proceeds."));
    }
}

/// <summary>What the judicial service publishes: ids, codes, references, amounts — never reasons or personal data.</summary>
public sealed class Outgoing : IOutgoingMap
{
    public object? ToIntegrationEvent(IEvent @event) => @event.Data switch
    {
        RequestDrafted e => new Contract.JudicialRequestDrafted(e.RequestId, Codes.Of(e.Type), e.Jurisdiction, e.Counterpart, e.Urgent, e.DraftedAt),
        RequestSent e => new Contract.JudicialRequestSent(e.RequestId, Codes.Of(e.Type), e.Jurisdiction, e.Counterpart, e.Urgent, e.RespondBy,
            e.Persons.Select(p => new Contract.PersonConcerned(p.CaseId, Codes.Of(p.Role))).ToList(),
            e.Attachments.Select(a => new Contract.AttachmentReference(a.AttachmentId, a.Reference, Codes.Of(a.Classification), Codes.Of(a.Handling), a.ContainsVictimPersonalData,
                a.Redacted?.Reference, a.FullVersionLegalBasis)).ToList(), e.SentAt),
        IncomingRequestRegistered e => new Contract.JudicialRequestReceived(e.RequestId, Codes.Of(e.Type), e.Counterpart, e.Jurisdiction, e.Urgent, e.RespondBy,
            e.Persons.Where(p => p.IsVictim).Select(p => p.CaseId).Distinct().ToList(), e.ReceivedAt),
        VictimNotificationReceived e => new Contract.VictimNotificationReceivedFromPartner(e.RequestId, e.CaseId, Codes.Of(e.Movement), Codes.Of(e.Through), e.FromJurisdiction,
            e.NotifiedAt, e.ReceivedAt),
        RequestAcknowledged { Direction: Direction.Incoming } e => new Contract.JudicialRequestAcknowledged(e.RequestId, e.Jurisdiction, e.AcknowledgedAt),
        RequestAcknowledged { Direction: Direction.Outgoing } e => new Contract.JudicialRequestAnswered(e.RequestId, e.Jurisdiction, "acknowledged", e.AcknowledgedAt),
        RequestExecuted { Direction: Direction.Outgoing } e => new Contract.JudicialRequestAnswered(e.RequestId, e.Jurisdiction, e.Partially ? "partially-executed" : "executed", e.ExecutedAt),
        RequestRefused { Direction: Direction.Outgoing } e => new Contract.JudicialRequestAnswered(e.RequestId, e.Jurisdiction, "refused", e.RefusedAt),
        RequestExecutionStarted e => new Contract.JudicialRequestExecutionStarted(e.RequestId, e.StartedAt),
        RequestExecuted { Direction: Direction.Incoming } e => new Contract.JudicialRequestExecuted(e.RequestId, e.Jurisdiction, e.Partially ? "partially-executed" : "executed", e.ExecutedAt),
        RequestRefused { Direction: Direction.Incoming } e => new Contract.JudicialRequestRefused(e.RequestId, e.Jurisdiction, Codes.Of(e.Grounds), e.RefusedAt),
        RequestOverdue e => new Contract.JudicialRequestOverdue(e.RequestId, e.Counterpart, e.DueBy),
        RequestForwarded e => new Contract.JudicialRequestForwarded(e.RequestId, e.FromJurisdiction, e.ToJurisdiction, e.AttachmentIds, e.ForwardedAt),
        VictimImpactAssessed e => new Contract.VictimImpactAssessed(e.RequestId, Codes.Of(e.Level), Codes.Of(e.PreferredModality), e.AssessedAt),
        TestimonyScheduled { Modality: Modality.VideoConference } e => new Contract.VideoTestimonyScheduled(e.RequestId, e.CaseId, e.ScheduledFor, e.ScheduledAt),
        TestimonyHeld { Modality: Modality.VideoConference } e => new Contract.VideoTestimonyHeld(e.RequestId, e.CaseId, e.HeldAt),
        VictimNotified e => new Contract.VictimNotifiedOfOffenderMovement(e.RequestId, e.CaseId, Codes.Of(e.Movement), Codes.Of(e.Through), e.NotifiedAt),
        NonPunishmentReviewRequired e => new Contract.NonPunishmentReviewRequired(e.RequestId, e.CaseId, e.FlaggedAt),
        NonPunishmentReviewDecided e => new Contract.NonPunishmentReviewDecided(e.RequestId, e.CaseId, e.OffenceCompelledByTrafficking, e.DecidedAt),
        IdentityMatchRequested e => new Contract.IdentityMatchRequested(e.RequestId, e.Counterpart, e.Keys, e.RequestedAt),
        JitEstablished e => new Contract.JointInvestigationTeamEstablished(e.RequestId, e.MemberJurisdictions, e.EstablishedAt, e.MemberOrganisations, e.RecordedIn),
        JitInformationShared e => new Contract.JointInvestigationInformationShared(e.RequestId, e.EntryId, e.FromMember, e.ToMember, e.Category, e.HandlingCode, e.SharedAt, e.RecordedIn),
        ProceedingsTransferred e => new Contract.ProceedingsTransferred(e.RequestId, e.FromJurisdiction, e.ToJurisdiction, e.TransferredAt),
        VictimWitnessNamed e => new Contract.VictimWitnessNamed(e.CaseId, e.Jurisdiction, e.ProceedingsReference, Codes.Of(e.Role), e.NamedAt),
        VictimWitnessProceedingsClosed e => new Contract.VictimWitnessProceedingsClosed(e.CaseId, e.Jurisdiction, e.ProceedingsReference, e.ClosedAt),
        CooperationStatusRecorded e => new Contract.CooperationStatusChanged(e.CaseId, Codes.Of(e.Status), e.RecordedAt),
        AssetTraced { Stage: AssetStage.Frozen } e => new Contract.AssetFrozen(e.AssetId, e.CaseId, e.Jurisdiction, e.Value.Amount, e.Value.Currency, e.At),
        AssetTraced { Stage: AssetStage.Confiscated } e => new Contract.AssetConfiscated(e.AssetId, e.CaseId, e.Jurisdiction, e.Value.Amount, e.Value.Currency, e.At),
        AssetTraced { Stage: AssetStage.Disposed } e => new Contract.AssetDisposed(e.AssetId, e.CaseId, e.Jurisdiction, e.Value.Amount, e.Value.Currency, e.At),
        SpontaneousInformationTransmitted e => new Contract.SpontaneousInformationTransmitted(e.InformationId, e.CaseId, e.FromJurisdiction, e.ToJurisdiction, e.Category, e.HandlingCode, e.LegalBasis, e.TransmittedAt),
        ReceivedInformationAcknowledged e => new Contract.ReceivedInformationAcknowledged(e.InformationId, e.Jurisdiction, e.AcknowledgedAt),
        ProceedsReturnAnswerReceived e => new Contracts.Remedies.ProceedsReturnAnswered(e.RequestId, e.CaseId, e.FromJurisdiction, Codes.Of(e.Outcome), e.Returned?.Amount ?? 0m, e.Currency, e.AnsweredAt),
        ProceedsReturnDecided e => new Contracts.Remedies.ProceedsReturnAnswered(e.RequestId, e.CaseId, e.Jurisdiction, Codes.Of(e.Outcome), e.Returned?.Amount ?? 0m, e.Currency, e.DecidedAt),
        _ => null,
    };
}
