using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.ServiceDefaults.Messaging;

namespace TransnationalReferral.Protection.Integration;

/// <summary>IdentificationCaseOpened → OpenProtectionCase on this service's own stream; applied once per message.</summary>
public sealed class IdentificationCaseOpenedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<IdentificationCaseOpenedConsumer> logger)
    : IdempotentConsumer<IdentificationCaseOpened>(store, service, clock, logger)
{
    protected override async Task HandleAsync(IdentificationCaseOpened message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.CaseId == Guid.Empty || message.VictimId == Guid.Empty)
            throw new InvalidMessageException("IdentificationCaseOpened needs a case id and a pseudonymous victim id.");
        if (!Jurisdictions.IsValid(message.Jurisdiction))
            throw new InvalidMessageException($"IdentificationCaseOpened has no valid ISO 3166-1 alpha-2 jurisdiction.");
        // An unknown child status code (a newer Identification) opens the case as for a presumed child, the protective reading.
        var childStatus = Codes.ReadOr(message.ChildStatus, ChildStatus.PresumedChild, out var unknownCode);

        var stream = await session.Events.FetchForWriting<ProtectionCase>(message.CaseId, ct);
        var decision = OpeningProtectionCase.Decide(stream.Aggregate,
            new OpeningProtectionCase.OpenProtectionCase(message.CaseId, message.VictimId, message.Jurisdiction, childStatus),
            context);
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");

        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(OpeningProtectionCase.LegalBasis, "Case opened by Identification (signal received)." + unknownCode));
    }
}

/// <summary>PresumedVictimRecognised → the person is entitled to assistance in this service; applied once per message.</summary>
public sealed class PresumedVictimRecognisedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<PresumedVictimRecognisedConsumer> logger)
    : IdempotentConsumer<PresumedVictimRecognised>(store, service, clock, logger)
{
    protected override async Task HandleAsync(PresumedVictimRecognised message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ProtectionCase>(message.CaseId, ct);
        // The case opening travels on another queue and may not have arrived yet: retried until it has.
        var state = stream.Aggregate ?? throw new InvalidOperationException($"Protection case {message.CaseId} is not open yet; the entitlement will be retried.");
        var decision = EntitlingToAssistance.Decide(state, new EntitlingToAssistance.EntitleToAssistance(), context);
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(EntitlingToAssistance.LegalBasis, "Reasonable-grounds decision by Identification."));
    }
}

/// <summary>CooperationStatusChanged → noted on the case for information; no entitlement, assessment or referral changes.</summary>
public sealed class CooperationStatusChangedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<CooperationStatusChangedConsumer> logger)
    : IdempotentConsumer<TransnationalReferral.Contracts.JudicialCooperation.CooperationStatusChanged>(store, service, clock, logger)
{
    protected override async Task HandleAsync(TransnationalReferral.Contracts.JudicialCooperation.CooperationStatusChanged message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (!Codes.TryParse<CooperationStatus>(message.Status, out var status)) throw new InvalidMessageException("CooperationStatusChanged has an unknown status code.");
        var stream = await session.Events.FetchForWriting<ProtectionCase>(message.CaseId, ct);
        var state = stream.Aggregate ?? throw new InvalidOperationException($"Protection case {message.CaseId} is not open yet; retried.");
        stream.AppendMany(NotingCooperationStatus.Decide(state, new NotingCooperationStatus.NoteCooperationStatus(status), context).Events);
        session.Record(new DecisionBasis(NotingCooperationStatus.LegalBasis, "Cooperation status reported by the judicial service; noted for information only."));
    }
}

/// <summary>Consents recorded or withdrawn in Identification → noted on the protection case (referrals check them).</summary>
public sealed class ConsentRecordedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ConsentRecordedConsumer> logger)
    : IdempotentConsumer<ConsentRecorded>(store, service, clock, logger)
{
    protected override async Task HandleAsync(ConsentRecorded message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ProtectionCase>(message.CaseId, ct);
        _ = stream.Aggregate ?? throw new InvalidOperationException($"Protection case {message.CaseId} is not open yet; retried.");
        stream.AppendOne(new ConsentNoted(message.CaseId, message.ConsentId, message.Kind, message.Organisations, message.GivenBy, false, context.Now, message.Jurisdictions));
        session.Record(new DecisionBasis(Referring.LegalBasis, "Consent recorded by Identification."));
    }
}

public sealed class ConsentWithdrawnConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ConsentWithdrawnConsumer> logger)
    : IdempotentConsumer<ConsentWithdrawn>(store, service, clock, logger)
{
    protected override async Task HandleAsync(ConsentWithdrawn message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ProtectionCase>(message.CaseId, ct);
        var known = stream.Aggregate?.Consents?.FirstOrDefault(c => c.ConsentId == message.ConsentId)
            ?? throw new InvalidOperationException($"Consent {message.ConsentId} not noted yet; retried.");
        stream.AppendOne(new ConsentNoted(message.CaseId, message.ConsentId, known.Kind, known.Organisations, known.GivenBy, true, context.Now, known.Jurisdictions));
        session.Record(new DecisionBasis(Referring.LegalBasis, "Consent withdrawn, recorded by Identification."));
    }
}

/// <summary>
/// The facts Identification publishes about a child and the reflection period, noted on the protection case
/// (decisions here depend on them). The case opening travels on another queue: until it has arrived, retried.
/// </summary>
internal static class Noting
{
    public static Task NoteAsync(IDocumentSession session, Guid caseId, object fact, string reasons, CancellationToken ct, string basis = ProtectionRules.ChildBasis) =>
        session.ApplyFactAsync<ProtectionCase>(caseId, _ => Decision.Accept(fact), basis, reasons, ct);
}

public sealed class ChildStatusDeterminedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ChildStatusDeterminedConsumer> logger)
    : IdempotentConsumer<ChildStatusDetermined>(store, service, clock, logger)
{
    protected override Task HandleAsync(ChildStatusDetermined message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        Noting.NoteAsync(session, message.CaseId, new ChildStatusNoted(message.CaseId, Codes.ReadOr(message.ChildStatus, ChildStatus.PresumedChild, out var unknownCode), context.Now),
            "Child status determined by Identification (age assessment)." + unknownCode, ct);
}

public sealed class GuardianAppointedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<GuardianAppointedConsumer> logger)
    : IdempotentConsumer<GuardianAppointed>(store, service, clock, logger)
{
    protected override Task HandleAsync(GuardianAppointed message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        OrganisationCodes.IsValid(message.GuardianOrganisation)
            ? Noting.NoteAsync(session, message.CaseId, new GuardianNoted(message.CaseId, message.GuardianOrganisation, context.Now), "Guardian appointed, recorded by Identification.", ct)
            : throw new InvalidMessageException("GuardianAppointed has no valid guardian organisation code.");
}

public sealed class BestInterestsAssessedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<BestInterestsAssessedConsumer> logger)
    : IdempotentConsumer<BestInterestsAssessed>(store, service, clock, logger)
{
    protected override Task HandleAsync(BestInterestsAssessed message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        Noting.NoteAsync(session, message.CaseId, new BestInterestsAssessmentNoted(message.CaseId, message.AssessedAt, context.Now), "Best-interests assessment recorded by Identification.", ct);
}

public sealed class ReflectionPeriodStartedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReflectionPeriodStartedConsumer> logger)
    : IdempotentConsumer<ReflectionPeriodStarted>(store, service, clock, logger)
{
    protected override Task HandleAsync(ReflectionPeriodStarted message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        Noting.NoteAsync(session, message.CaseId, new ReflectionPeriodNoted(message.CaseId, message.EndsAt, null, context.Now), "Reflection period started (Identification).", ct, TrackingResidenceStatus.LegalBasis);
}

public sealed class ReflectionPeriodExtendedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReflectionPeriodExtendedConsumer> logger)
    : IdempotentConsumer<ReflectionPeriodExtended>(store, service, clock, logger)
{
    protected override Task HandleAsync(ReflectionPeriodExtended message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        Noting.NoteAsync(session, message.CaseId, new ReflectionPeriodNoted(message.CaseId, message.EndsAt, null, context.Now), "Reflection period extended (Identification).", ct, TrackingResidenceStatus.LegalBasis);
}

public sealed class ReflectionPeriodEndedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReflectionPeriodEndedConsumer> logger)
    : IdempotentConsumer<ReflectionPeriodEnded>(store, service, clock, logger)
{
    protected override Task HandleAsync(ReflectionPeriodEnded message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(message.Reason) || message.Reason.Length > 100
            ? throw new InvalidMessageException("ReflectionPeriodEnded needs a reason code.")
            : Noting.NoteAsync(session, message.CaseId, new ReflectionPeriodNoted(message.CaseId, null, message.Reason, context.Now), "Reflection period ended (Identification); assistance continues.", ct, TrackingResidenceStatus.LegalBasis);
}

/// <summary>
/// InternationalProtectionClaimed → the country the person claims protection from, noted on the protection case: the
/// cross-border gates never send anything about the person there, and no relocation or continuity request goes there.
/// </summary>
public sealed class InternationalProtectionClaimedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<InternationalProtectionClaimedConsumer> logger)
    : IdempotentConsumer<InternationalProtectionClaimed>(store, service, clock, logger)
{
    protected override async Task HandleAsync(InternationalProtectionClaimed message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (!Jurisdictions.IsValid(message.CountryOfClaimedPersecution))
            throw new InvalidMessageException("InternationalProtectionClaimed has no valid ISO 3166-1 alpha-2 country.");
        var stream = await session.Events.FetchForWriting<ProtectionCase>(message.CaseId, ct);
        var state = stream.Aggregate ?? throw new InvalidOperationException($"Protection case {message.CaseId} is not open yet; retried.");
        if ((state.ProtectionClaimedFrom ?? []).Contains(message.CountryOfClaimedPersecution)) return;
        stream.AppendOne(new ProtectionClaimNoted(message.CaseId, message.CountryOfClaimedPersecution, context.Now));
        session.Record(new DecisionBasis(ProtectionRules.NeverToCountryOfClaimedProtectionBasis, "International protection claim recorded by Identification."));
    }
}
