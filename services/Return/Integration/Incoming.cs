using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.Return.Cases;
using TransnationalReferral.Return.Reintegration;
using TransnationalReferral.ServiceDefaults.Messaging;
using Contract = TransnationalReferral.Contracts.Return;

namespace TransnationalReferral.Return.Integration;

public sealed class IdentificationCaseOpenedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<IdentificationCaseOpenedConsumer> logger)
    : IdempotentConsumer<IdentificationCaseOpened>(store, service, clock, logger)
{
    protected override async Task HandleAsync(IdentificationCaseOpened message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.CaseId == Guid.Empty || !Jurisdictions.IsValid(message.Jurisdiction))
            throw new InvalidMessageException("IdentificationCaseOpened needs a case id and a valid jurisdiction.");
        // An unknown child status code (a newer Identification) is read as a presumed child, the protective reading.
        var childStatus = Codes.ReadOr(message.ChildStatus, Cases.ChildStatus.PresumedChild, out var unknownCode);
        var stream = await session.Events.FetchForWriting<ReturnCase>(message.CaseId, ct);
        if (stream.Aggregate is not null) return;
        stream.AppendOne(new ReturnFileOpened(message.CaseId, message.Jurisdiction, childStatus, context.Now));
        session.Record(new DecisionBasis(PreparingReturn.LegalBasis, "Return file kept for the case opened by Identification." + unknownCode));
    }
}

public sealed class InternationalProtectionClaimedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<InternationalProtectionClaimedConsumer> logger)
    : IdempotentConsumer<InternationalProtectionClaimed>(store, service, clock, logger)
{
    protected override Task HandleAsync(InternationalProtectionClaimed message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        !Jurisdictions.IsValid(message.CountryOfClaimedPersecution)
            ? throw new InvalidMessageException("InternationalProtectionClaimed needs the ISO code of the country of claimed persecution.")
            : session.ApplyFactAsync<ReturnCase>(message.CaseId, s => NotingProtectionClaim.Decide(s, new NotingProtectionClaim.NoteProtectionClaim(message.CountryOfClaimedPersecution, ProtectionClaimStatus.Pending), context),
                ReturnGates.NonRefoulement, "International protection claimed (Identification): no return while it is pending.", ct);
}

public sealed class ChildStatusDeterminedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ChildStatusDeterminedConsumer> logger)
    : IdempotentConsumer<ChildStatusDetermined>(store, service, clock, logger)
{
    protected override Task HandleAsync(ChildStatusDetermined message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var status = Codes.ReadOr(message.ChildStatus, Cases.ChildStatus.PresumedChild, out var unknownCode);
        return session.ApplyFactAsync<ReturnCase>(message.CaseId, s => Decision.Accept(new ChildStatusNoted(s.Id, status, context.Now)), ReturnGates.ChildSource,
            "Child status determined by Identification." + unknownCode, ct);
    }
}

public sealed class GuardianAppointedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<GuardianAppointedConsumer> logger)
    : IdempotentConsumer<GuardianAppointed>(store, service, clock, logger)
{
    protected override Task HandleAsync(GuardianAppointed message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        !OrganisationCodes.IsValid(message.GuardianOrganisation)
            ? throw new InvalidMessageException("GuardianAppointed has no valid guardian organisation code.")
            : session.ApplyFactAsync<ReturnCase>(message.CaseId, s => Decision.Accept(new GuardianNoted(s.Id, message.GuardianOrganisation, context.Now)), ReturnGates.ChildSource, "Guardian appointed (Identification).", ct);
}

public sealed class BestInterestsAssessedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<BestInterestsAssessedConsumer> logger)
    : IdempotentConsumer<BestInterestsAssessed>(store, service, clock, logger)
{
    protected override Task HandleAsync(BestInterestsAssessed message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<ReturnCase>(message.CaseId, s => Decision.Accept(new BestInterestsAssessmentNoted(s.Id, message.AssessedAt, context.Now)), ReturnGates.ChildSource, "Best-interests assessment (Identification).", ct);
}

/// <summary>Consents to cross-border transfer, recorded or withdrawn in Identification: a reception request relies on them.</summary>
public sealed class TransferConsentRecordedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<TransferConsentRecordedConsumer> logger)
    : IdempotentConsumer<ConsentRecorded>(store, service, clock, logger)
{
    protected override Task HandleAsync(ConsentRecorded message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        message.Kind != "cross-border-transfer" ? Task.CompletedTask
        : session.ApplyFactAsync<ReturnCase>(message.CaseId, s => Decision.Accept(new TransferConsentNoted(s.Id, message.ConsentId, message.Jurisdictions, message.GivenBy, false, context.Now)),
            "GDPR art. 49(1)(a)", "Consent to cross-border transfer recorded by Identification.", ct);
}

public sealed class TransferConsentWithdrawnConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<TransferConsentWithdrawnConsumer> logger)
    : IdempotentConsumer<ConsentWithdrawn>(store, service, clock, logger)
{
    protected override Task HandleAsync(ConsentWithdrawn message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        message.Kind != "cross-border-transfer" ? Task.CompletedTask
        : session.ApplyFactAsync<ReturnCase>(message.CaseId, s => (s.TransferConsents ?? []).FirstOrDefault(c => c.ConsentId == message.ConsentId) is { } known
                ? Decision.Accept(new TransferConsentNoted(s.Id, message.ConsentId, known.Jurisdictions, known.GivenBy, true, context.Now))
                : throw new InvalidOperationException($"Consent {message.ConsentId} not noted yet; retried."),
            "GDPR art. 7(3)", "Consent to cross-border transfer withdrawn (Identification).", ct);
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
