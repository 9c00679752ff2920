using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.Return.Cases;
using TransnationalReferral.Return.Reintegration;
using Contract = TransnationalReferral.Contracts.Return;

namespace TransnationalReferral.Return.Integration;

/// <summary>
/// What Return does with the facts from Identification (their consumers are shared): keeps a return file for the case,
/// notes a child's facts and consents to transfer, and a protection claim — pending: no return while it is (it blocks a
/// return in preparation).
/// </summary>
public sealed class ReturnFacts : FactsFromIdentification<ReturnCase>
{
    public override IdentificationFact Hears => IdentificationFact.ChildStatus | IdentificationFact.Guardian | IdentificationFact.BestInterests
        | IdentificationFact.TransferConsents | IdentificationFact.ProtectionClaims;

    protected override FactSources Sources { get; } = new(PreparingReturn.LegalBasis, "Return file kept for the case opened by Identification.", ReturnGates.ChildSource,
        ReturnGates.NonRefoulement, "International protection claimed (Identification): no return while it is pending.");

    public override Decision Open(ReturnCase? state, CaseOpening opening, DecisionContext context) =>
        state is not null ? Decision.NothingToDo : Decision.Accept(new ReturnFileOpened(opening.CaseId, opening.Jurisdiction, opening.ChildStatus, context.Now));

    public override Decision ProtectionClaimed(ReturnCase state, string country, DecisionContext context) =>
        NotingProtectionClaim.Decide(state, new NotingProtectionClaim.NoteProtectionClaim(country, ProtectionClaimStatus.Pending), context);
}

public sealed class ReflectionPeriodEndedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReflectionPeriodEndedConsumer> logger)
    : IdempotentConsumer<ReflectionPeriodEnded>(store, service, clock, logger)
{
    protected override Task HandleAsync(ReflectionPeriodEnded message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<ReturnCase>(message.CaseId, s => NotingEndedStatus.Decide(s, new NotingEndedStatus.NoteEndedStatus(ReturnReason.ReflectionPeriodEnded, message.EndedAt), context),
            PreparingReturn.LegalBasis, "Reflection period ended (Identification).", ct);
}

public sealed class ResidencePermitExpiredConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ResidencePermitExpiredConsumer> logger)
    : IdempotentConsumer<Contracts.Protection.ResidencePermitExpired>(store, service, clock, logger)
{
    protected override Task HandleAsync(Contracts.Protection.ResidencePermitExpired message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<ReturnCase>(message.CaseId, s => NotingEndedStatus.Decide(s, new NotingEndedStatus.NoteEndedStatus(ReturnReason.ResidencePermitEnded, message.ExpiredAt), context),
            PreparingReturn.LegalBasis, "Residence permit expired (Protection).", ct);
}

public sealed class ResidencePermitRefusedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ResidencePermitRefusedConsumer> logger)
    : IdempotentConsumer<Contracts.Protection.ResidencePermitRefused>(store, service, clock, logger)
{
    protected override Task HandleAsync(Contracts.Protection.ResidencePermitRefused message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<ReturnCase>(message.CaseId, s => NotingEndedStatus.Decide(s, new NotingEndedStatus.NoteEndedStatus(ReturnReason.ResidencePermitEnded, message.RefusedAt), context),
            PreparingReturn.LegalBasis, "Residence permit refused (Protection).", ct);
}

public sealed class ReflectionPeriodStartedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReflectionPeriodStartedConsumer> logger)
    : IdempotentConsumer<ReflectionPeriodStarted>(store, service, clock, logger)
{
    protected override Task HandleAsync(ReflectionPeriodStarted message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<ReturnCase>(message.CaseId, s => NotingReflectionPeriod.Started(s, message.StartsAt, message.EndsAt, context),
            NotingReflectionPeriod.LegalBasis, "Reflection period started (Identification).", ct);
}

public sealed class ReflectionPeriodExtendedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReflectionPeriodExtendedConsumer> logger)
    : IdempotentConsumer<ReflectionPeriodExtended>(store, service, clock, logger)
{
    protected override Task HandleAsync(ReflectionPeriodExtended message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<ReturnCase>(message.CaseId, s => NotingReflectionPeriod.Extended(s, message.EndsAt, context),
            NotingReflectionPeriod.LegalBasis, "Reflection period extended (Identification).", ct);
}

public sealed class ResidencePermitIssuedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ResidencePermitIssuedConsumer> logger)
    : IdempotentConsumer<Contracts.Protection.ResidencePermitIssued>(store, service, clock, logger)
{
    protected override Task HandleAsync(Contracts.Protection.ResidencePermitIssued message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<ReturnCase>(message.CaseId, s => NotingResidencePermit.Decide(s, message.ExpiresAt, message.IssuedAt, context),
            NotingResidencePermit.LegalBasis, "Residence permit issued (Protection).", ct);
}

public sealed class ResidencePermitRenewedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ResidencePermitRenewedConsumer> logger)
    : IdempotentConsumer<Contracts.Protection.ResidencePermitRenewed>(store, service, clock, logger)
{
    protected override Task HandleAsync(Contracts.Protection.ResidencePermitRenewed message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<ReturnCase>(message.CaseId, s => NotingResidencePermit.Decide(s, message.ExpiresAt, message.RenewedAt, context),
            NotingResidencePermit.LegalBasis, "Residence permit renewed (Protection).", ct);
}

/// <summary>The person named as a victim or victim-witness in open proceedings of this node's jurisdiction (another node's on a shared bus are not ours).</summary>
public sealed class VictimWitnessNamedConsumer(IDocumentStore store, ServiceIdentity node, TimeProvider clock, ILogger<VictimWitnessNamedConsumer> logger)
    : IdempotentConsumer<Contracts.JudicialCooperation.VictimWitnessNamed>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override Task HandleAsync(Contracts.JudicialCooperation.VictimWitnessNamed m, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (m.CaseId == Guid.Empty || !Jurisdictions.IsValid(m.Jurisdiction) || string.IsNullOrWhiteSpace(m.ProceedingsReference) || m.Role is not ("victim" or "victim-witness"))
            throw new InvalidMessageException("VictimWitnessNamed needs a case id, an ISO jurisdiction, the proceedings' reference and the role victim or victim-witness.");
        if (m.Jurisdiction != _jurisdiction) return Task.CompletedTask;
        return session.ApplyFactAsync<ReturnCase>(m.CaseId, s => NotingVictimWitness.Named(s, m.Jurisdiction, m.ProceedingsReference, m.Role, m.NamedAt, context),
            CoordinatingWithProsecution.LegalBasis, "Named in open proceedings (JudicialCooperation): departure waits for a coordination with the prosecutor.", ct);
    }
}

public sealed class VictimWitnessProceedingsClosedConsumer(IDocumentStore store, ServiceIdentity node, TimeProvider clock, ILogger<VictimWitnessProceedingsClosedConsumer> logger)
    : IdempotentConsumer<Contracts.JudicialCooperation.VictimWitnessProceedingsClosed>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override Task HandleAsync(Contracts.JudicialCooperation.VictimWitnessProceedingsClosed m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        m.Jurisdiction != _jurisdiction ? Task.CompletedTask
        : session.ApplyFactAsync<ReturnCase>(m.CaseId, s => NotingVictimWitness.ProceedingsClosed(s, m.ProceedingsReference, m.ClosedAt, context),
            CoordinatingWithProsecution.LegalBasis, "The proceedings closed (JudicialCooperation).", ct);
}

/// <summary>Origin side: a reception request addressed to this node's jurisdiction opens an incoming return. Others are not ours.</summary>
public sealed class ReceptionRequestedConsumer(IDocumentStore store, ServiceIdentity node, TimeProvider clock, ILogger<ReceptionRequestedConsumer> logger)
    : IdempotentConsumer<Contract.ReceptionRequested>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;

    protected override async Task HandleAsync(Contract.ReceptionRequested message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.RequestId == Guid.Empty || message.CaseId == Guid.Empty || !Jurisdictions.IsValid(message.FromJurisdiction) || !Jurisdictions.IsValid(message.ToJurisdiction))
            throw new InvalidMessageException("ReceptionRequested needs a request id, a case id and two ISO jurisdiction codes.");
        if (message.ToJurisdiction != _jurisdiction) return;
        var stream = await session.Events.FetchForWriting<IncomingReturn>(message.RequestId, ct);
        stream.AppendMany(ReceivingReceptionRequest.Decide(stream.Aggregate, message, context).Events);
        session.Record(new DecisionBasis(Reintegrating.LegalBasis, $"Reception request received from {message.FromJurisdiction}."));
    }
}

/// <summary>Destination side: the country of return's answers, applied to the return they answer (a node that asked nothing ignores them).</summary>
public abstract class ReceptionAnswerConsumer<T>(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger logger)
    : IdempotentConsumer<T>(store, service, clock, logger) where T : class
{
    private readonly ILogger _logger = logger;

    protected abstract (Guid CaseId, Guid RequestId, string From) Keys(T message);

    protected abstract object? Answer(T message, ReturnCase state, Reception reception, DecisionContext context);

    protected virtual IEnumerable<object> Then(T message, ReturnCase state, DecisionContext context) => [];

    protected override async Task HandleAsync(T message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var (caseId, requestId, from) = Keys(message);
        var stream = await session.Events.FetchForWriting<ReturnCase>(caseId, ct);
        if (stream.Aggregate is not { Reception: not null } state)
        {
            _logger.LogInformation("{Message} for case {CaseId} answers no reception request of this node; ignored", typeof(T).Name, caseId);
            return;
        }
        var decision = CoordinatingReturn.Answer(state, requestId, from, reception => Answer(message, state, reception, context));
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany([.. decision.Events, .. Then(message, state, context)]);
        session.Record(new DecisionBasis(CoordinatingReturn.LegalBasis, $"{typeof(T).Name} from {from}'s focal point."));
    }
}

public sealed class ReceptionAcknowledgedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReceptionAcknowledgedConsumer> logger)
    : ReceptionAnswerConsumer<Contract.ReceptionAcknowledged>(store, service, clock, logger)
{
    protected override (Guid, Guid, string) Keys(Contract.ReceptionAcknowledged m) => (m.CaseId, m.RequestId, m.AnsweringJurisdiction);

    protected override object? Answer(Contract.ReceptionAcknowledged m, ReturnCase s, Reception r, DecisionContext c) => ReceptionAnswers.Acknowledged(m, r);
}

public sealed class ReceptionArrangedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReceptionArrangedConsumer> logger)
    : ReceptionAnswerConsumer<Contract.ReceptionArranged>(store, service, clock, logger)
{
    protected override (Guid, Guid, string) Keys(Contract.ReceptionArranged m) => (m.CaseId, m.RequestId, m.AnsweringJurisdiction);

    protected override object? Answer(Contract.ReceptionArranged m, ReturnCase s, Reception r, DecisionContext c) => ReceptionAnswers.Arranged(m);
}

public sealed class ArrivalConfirmedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ArrivalConfirmedConsumer> logger)
    : ReceptionAnswerConsumer<Contract.ArrivalConfirmed>(store, service, clock, logger)
{
    protected override (Guid, Guid, string) Keys(Contract.ArrivalConfirmed m) => (m.CaseId, m.RequestId, m.AnsweringJurisdiction);

    protected override object? Answer(Contract.ArrivalConfirmed m, ReturnCase s, Reception r, DecisionContext c) => ReceptionAnswers.Arrival(m, s);

    protected override IEnumerable<object> Then(Contract.ArrivalConfirmed m, ReturnCase s, DecisionContext c) => ReceptionAnswers.AfterArrival(m, s, c);
}

/// <summary>The country of return's answers applied to this node's return, whether heard on the node's bus or over the cross-border exchange.</summary>
public static class ReceptionAnswers
{
    public static object? Acknowledged(Contract.ReceptionAcknowledged m, Reception r) =>
        r.AcknowledgedAt is null ? new ReceptionAcknowledged(m.CaseId, m.RequestId, m.AcknowledgedAt) : null;

    public static object Arranged(Contract.ReceptionArranged m) =>
        !OrganisationCodes.IsValid(m.MetBy) ? throw new InvalidMessageException("ReceptionArranged needs the organisation code of who meets the person.")
        : new ReceptionArranged(m.CaseId, m.RequestId, m.MetBy, m.ShelterOnArrival, m.OnwardTransport, m.ArrangedAt);

    public static object? Arrival(Contract.ArrivalConfirmed m, ReturnCase s) => s.Stage switch
    {
        ReturnStage.Departed => new ArrivalConfirmed(m.CaseId, m.RequestId, m.ArrivedAt),
        ReturnStage.Arrived or ReturnStage.Closed => null,
        // An arrival the destination never let depart would bypass every gate: it is an error for people to look at.
        _ => throw new InvalidMessageException($"ArrivalConfirmed for case {m.CaseId}, whose return has not departed ({Codes.Of(s.Stage)})."),
    };

    /// <summary>Continuity of rights: the person stays reachable for proceedings and compensation through the partner's focal point.</summary>
    public static IEnumerable<object> AfterArrival(Contract.ArrivalConfirmed m, ReturnCase s, DecisionContext c) =>
        s.Stage == ReturnStage.Departed ? [new ContinuityOfRightsSecured(s.Id, m.AnsweringJurisdiction, m.AnsweringJurisdiction, c.Now)] : [];
}
