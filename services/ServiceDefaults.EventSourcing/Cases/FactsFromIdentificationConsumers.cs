using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.ServiceDefaults.Cases;

// The consumers, once for every service: each checks the message, reads its codes (unknown ones the protective way) and hands it to the service's facts.

/// <summary>
/// A case opened in Identification: registered (who holds it, where; <see cref="CaseRegister"/>) where the service keeps
/// its register from the bus, and the service's own case opened — one delivery, one transaction.
/// </summary>
public sealed class IdentificationCaseOpenedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<IdentificationCaseOpenedConsumer> logger, FactsFromIdentification facts,
    CaseRegisterKeptFromBus? register = null)
    : IdempotentConsumer<IdentificationCaseOpened>(store, service, clock, logger)
{
    protected override async Task HandleAsync(IdentificationCaseOpened m, IDocumentSession session, Decisions.DecisionContext context, CancellationToken ct)
    {
        if (m.CaseId == Guid.Empty || !Security.Jurisdictions.IsValid(m.Jurisdiction))
            throw new InvalidMessageException("IdentificationCaseOpened needs a case id and a valid ISO 3166-1 alpha-2 jurisdiction.");
        if (register is not null) await CaseRegister.OpenedAsync(m, session, context, ct);
        // An unknown child status code (a newer Identification) opens the case as for a presumed child, the protective reading.
        var childStatus = Decisions.Codes.ReadOr(m.ChildStatus, ChildStatus.PresumedChild, out var unknownCode);
        await facts.OpenAsync(session, new CaseOpening(m.CaseId, m.VictimId, m.Jurisdiction, childStatus), unknownCode, context, ct);
    }
}

public sealed class ChildStatusDeterminedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ChildStatusDeterminedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<ChildStatusDetermined>(store, service, clock, logger)
{
    protected override Task HandleAsync(ChildStatusDetermined m, IDocumentSession session, Decisions.DecisionContext context, CancellationToken ct) =>
        facts.ChildStatusAsync(session, m.CaseId, Decisions.Codes.ReadOr(m.ChildStatus, ChildStatus.PresumedChild, out var unknownCode), unknownCode, context, ct);
}

public sealed class GuardianAppointedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<GuardianAppointedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<GuardianAppointed>(store, service, clock, logger)
{
    protected override Task HandleAsync(GuardianAppointed m, IDocumentSession session, Decisions.DecisionContext context, CancellationToken ct) =>
        facts.GuardianAsync(session, m.CaseId, m.GuardianOrganisation, context, ct);
}

public sealed class BestInterestsAssessedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<BestInterestsAssessedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<BestInterestsAssessed>(store, service, clock, logger)
{
    protected override Task HandleAsync(BestInterestsAssessed m, IDocumentSession session, Decisions.DecisionContext context, CancellationToken ct) =>
        facts.BestInterestsAsync(session, m.CaseId, m.AssessedAt, context, ct);
}

/// <summary>Consents to cross-border transfer, recorded in Identification (consents of other kinds are not transfer consents).</summary>
public sealed class TransferConsentRecordedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<TransferConsentRecordedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<ConsentRecorded>(store, service, clock, logger)
{
    protected override Task HandleAsync(ConsentRecorded m, IDocumentSession session, Decisions.DecisionContext context, CancellationToken ct) =>
        m.Kind != FactsFromIdentification.TransferConsentKind ? Task.CompletedTask : facts.TransferConsentAsync(session, m, context, ct);
}

public sealed class TransferConsentWithdrawnConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<TransferConsentWithdrawnConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<ConsentWithdrawn>(store, service, clock, logger)
{
    protected override Task HandleAsync(ConsentWithdrawn m, IDocumentSession session, Decisions.DecisionContext context, CancellationToken ct) =>
        m.Kind != FactsFromIdentification.TransferConsentKind ? Task.CompletedTask : facts.TransferConsentWithdrawnAsync(session, m.CaseId, m.ConsentId, context, ct);
}

public sealed class InternationalProtectionClaimedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<InternationalProtectionClaimedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<InternationalProtectionClaimed>(store, service, clock, logger)
{
    protected override Task HandleAsync(InternationalProtectionClaimed m, IDocumentSession session, Decisions.DecisionContext context, CancellationToken ct) =>
        facts.ProtectionClaimAsync(session, m.CaseId, m.CountryOfClaimedPersecution, context, ct);
}

public static class FactsFromIdentificationRegistration
{
    /// <summary>
    /// The shared fact events under the type aliases their streams stored them with before they were shared (each service
    /// had its own copy with the same name): old rows read as these types, and their hash chains verify as stored (format 2
    /// hashes the stored alias and .NET type columns, never the current type's name).
    /// </summary>
    public static void MapEvents(StoreOptions store)
    {
        store.Events.MapEventType<ChildStatusNoted>("child_status_noted");
        store.Events.MapEventType<GuardianNoted>("guardian_noted");
        store.Events.MapEventType<BestInterestsAssessmentNoted>("best_interests_assessment_noted");
        store.Events.MapEventType<TransferConsentNoted>("transfer_consent_noted");
        store.Events.MapEventType<ProtectionClaimNoted>("protection_claim_noted");
    }

    /// <summary>The service's facts (one subclass of <see cref="FactsFromIdentification"/> in its assembly, or none) and the consumers of what it hears.</summary>
    public static void AddFactsFromIdentification(this MassTransit.IBusRegistrationConfigurator bus, System.Reflection.Assembly assembly)
    {
        var facts = assembly.GetTypes().SingleOrDefault(t => t is { IsClass: true, IsAbstract: false } && typeof(FactsFromIdentification).IsAssignableFrom(t));
        if (facts is null) return;
        // Scoped, as the consumers are: a service's facts may resolve what the message's scope holds.
        bus.AddScoped(typeof(FactsFromIdentification), facts);
        // What it hears is a constant of the class (read without constructing it: its constructor may need services).
        var hears = ((FactsFromIdentification)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(facts)).Hears;
        bus.AddConsumer<IdentificationCaseOpenedConsumer>();
        if (hears.HasFlag(IdentificationFact.ChildStatus)) bus.AddConsumer<ChildStatusDeterminedConsumer>();
        if (hears.HasFlag(IdentificationFact.Guardian)) bus.AddConsumer<GuardianAppointedConsumer>();
        if (hears.HasFlag(IdentificationFact.BestInterests)) bus.AddConsumer<BestInterestsAssessedConsumer>();
        if (hears.HasFlag(IdentificationFact.TransferConsents))
        {
            bus.AddConsumer<TransferConsentRecordedConsumer>();
            bus.AddConsumer<TransferConsentWithdrawnConsumer>();
        }
        if (hears.HasFlag(IdentificationFact.ProtectionClaims)) bus.AddConsumer<InternationalProtectionClaimedConsumer>();
    }
}
