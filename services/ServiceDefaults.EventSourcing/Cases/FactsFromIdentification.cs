using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.ServiceDefaults.Cases;

/// <summary>Child status as the services read Identification's code; an unknown code reads as <see cref="PresumedChild"/> (CETS 197 art. 10(3)).</summary>
public enum ChildStatus { Child, PresumedChild, Adult }

public enum ProtectionClaimStatus { Pending, Granted, Rejected, Withdrawn }

// Facts heard from Identification, noted on a service's own case stream. Stored in hash-chained streams: never rename or
// change a member; the stored type aliases are pinned in FactsFromIdentificationRegistration.MapEvents.

public sealed record ChildStatusNoted(Guid CaseId, ChildStatus ChildStatus, DateTimeOffset NotedAt);

public sealed record GuardianNoted(Guid CaseId, string GuardianOrganisation, DateTimeOffset NotedAt);

/// <summary>Identification assessed the child's best interests; child decisions need it first.</summary>
public sealed record BestInterestsAssessmentNoted(Guid CaseId, DateTimeOffset AssessedAt, DateTimeOffset NotedAt);

/// <summary>A consent to cross-border transfer to the jurisdictions named, recorded (or withdrawn) in Identification.</summary>
public sealed record TransferConsentNoted(Guid CaseId, Guid ConsentId, IReadOnlyList<string> Jurisdictions, string GivenBy, bool Withdrawn, DateTimeOffset NotedAt);

/// <summary>The person claims international protection from a country: nothing about them goes there. <paramref name="Status"/>
/// where the service follows the claim's outcome (Return); none where the claim alone counts.</summary>
public sealed record ProtectionClaimNoted(Guid CaseId, string Country, DateTimeOffset NotedAt, ProtectionClaimStatus? Status = null);

/// <summary>A consent to cross-border transfer, given by the person (or a child's guardian), as a case keeps it.</summary>
public sealed record TransferConsent(Guid ConsentId, IReadOnlyList<string> Jurisdictions, string GivenBy, bool Withdrawn)
{
    /// <summary>The consents after <paramref name="noted"/>: the latest word on each consent.</summary>
    public static IReadOnlyList<TransferConsent> Fold(IReadOnlyList<TransferConsent>? consents, TransferConsentNoted noted) =>
        [.. (consents ?? []).Where(c => c.ConsentId != noted.ConsentId), new TransferConsent(noted.ConsentId, noted.Jurisdictions, noted.GivenBy, noted.Withdrawn)];
}

/// <summary>Identification opened a case: what every service's own case stream opens with (the child status already read).</summary>
public sealed record CaseOpening(Guid CaseId, Guid VictimId, string Jurisdiction, ChildStatus ChildStatus);

/// <summary>The facts a service hears from Identification besides the case opening (which every service hears).</summary>
[Flags]
public enum IdentificationFact { None = 0, ChildStatus = 1, Guardian = 2, BestInterests = 4, TransferConsents = 8, ProtectionClaims = 16 }

/// <summary>
/// What a service does with the facts Identification publishes about a case, on the service's own case stream: one
/// subclass per service (found by convention), whose consumers live here once. Each fact is applied through
/// <see cref="StreamFacts.ApplyFactAsync{TState}"/>; a service overrides only what it does differently with a fact.
/// </summary>
public abstract class FactsFromIdentification
{
    /// <summary>The facts this service hears: their consumers are registered for it.</summary>
    public abstract IdentificationFact Hears { get; }

    public abstract Task OpenAsync(IDocumentSession session, CaseOpening opening, string unknownCode, DecisionContext context, CancellationToken ct);

    public abstract Task ChildStatusAsync(IDocumentSession session, Guid caseId, ChildStatus status, string unknownCode, DecisionContext context, CancellationToken ct);

    public abstract Task GuardianAsync(IDocumentSession session, Guid caseId, string organisation, DecisionContext context, CancellationToken ct);

    public abstract Task BestInterestsAsync(IDocumentSession session, Guid caseId, DateTimeOffset assessedAt, DecisionContext context, CancellationToken ct);

    public abstract Task TransferConsentAsync(IDocumentSession session, ConsentRecorded consent, DecisionContext context, CancellationToken ct);

    public abstract Task TransferConsentWithdrawnAsync(IDocumentSession session, Guid caseId, Guid consentId, DecisionContext context, CancellationToken ct);

    public abstract Task ProtectionClaimAsync(IDocumentSession session, Guid caseId, string country, DecisionContext context, CancellationToken ct);

    public const string TransferConsentKind = "cross-border-transfer";
    public const string ConsentBasis = "GDPR art. 49(1)(a)";
    public const string WithdrawalBasis = "GDPR art. 7(3)";
}

/// <summary>A case state that keeps the facts heard from Identification the shared way (the defaults of <see cref="FactsFromIdentification{TState}"/> read them).</summary>
public interface IHearsIdentification : ICaseState
{
    IReadOnlyList<TransferConsent>? TransferConsents => null;

    IReadOnlyList<string>? ProtectionClaimedFrom => null;
}

public abstract class FactsFromIdentification<TState> : FactsFromIdentification where TState : class, ICaseState
{
    /// <summary>The legal basis of opening the service's case, and what the opening records as its reasons.</summary>
    protected abstract string OpeningBasis { get; }

    protected abstract string OpeningReasons { get; }

    /// <summary>The legal basis recorded with a child's facts (status, guardian, best interests).</summary>
    protected virtual string ChildBasis => "UNCRC art. 3(1); CETS 197 art. 10(4)";

    /// <summary>The legal basis recorded with a protection claim.</summary>
    protected virtual string ProtectionClaimBasis => "1951 Refugee Convention art. 33";

    protected virtual string ProtectionClaimReasons => "International protection claimed (Identification): nothing about the person goes to that country.";

    /// <summary>The service's case opened for Identification's (nothing to do when it is open already).</summary>
    public abstract Decision Open(TState? state, CaseOpening opening, DecisionContext context);

    public virtual Decision ProtectionClaimed(TState state, string country, DecisionContext context) =>
        ((state as IHearsIdentification)?.ProtectionClaimedFrom ?? []).Contains(country) ? Decision.NothingToDo : Decision.Accept(new ProtectionClaimNoted(state.Id, country, context.Now));

    public override async Task OpenAsync(IDocumentSession session, CaseOpening opening, string unknownCode, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<TState>(opening.CaseId, ct);
        var decision = Open(stream.Aggregate, opening, context);
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(OpeningBasis, OpeningReasons + unknownCode));
    }

    public override Task ChildStatusAsync(IDocumentSession session, Guid caseId, ChildStatus status, string unknownCode, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<TState>(caseId, s => Decision.Accept(new ChildStatusNoted(s.Id, status, context.Now)), ChildBasis,
            "Child status determined by Identification (age assessment)." + unknownCode, ct);

    public override Task GuardianAsync(IDocumentSession session, Guid caseId, string organisation, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<TState>(caseId, s => Decision.Accept(new GuardianNoted(s.Id, organisation, context.Now)), ChildBasis, "Guardian appointed, recorded by Identification.", ct);

    public override Task BestInterestsAsync(IDocumentSession session, Guid caseId, DateTimeOffset assessedAt, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<TState>(caseId, s => Decision.Accept(new BestInterestsAssessmentNoted(s.Id, assessedAt, context.Now)), ChildBasis, "Best-interests assessment recorded by Identification.", ct);

    public override Task TransferConsentAsync(IDocumentSession session, ConsentRecorded consent, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<TState>(consent.CaseId, s => Decision.Accept(Noted(s, consent, context)), ConsentBasis, "Consent to cross-border transfer recorded by Identification.", ct);

    public override Task TransferConsentWithdrawnAsync(IDocumentSession session, Guid caseId, Guid consentId, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<TState>(caseId, s => ((s as IHearsIdentification)?.TransferConsents ?? []).FirstOrDefault(c => c.ConsentId == consentId) is { } known
                ? Decision.Accept(new TransferConsentNoted(s.Id, consentId, known.Jurisdictions, known.GivenBy, true, context.Now))
                : throw new InvalidOperationException($"Consent {consentId} not noted yet; retried."),
            WithdrawalBasis, "Consent to cross-border transfer withdrawn (Identification).", ct);

    public override Task ProtectionClaimAsync(IDocumentSession session, Guid caseId, string country, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<TState>(caseId, s => ProtectionClaimed(s, country, context), ProtectionClaimBasis, ProtectionClaimReasons, ct);

    protected static TransferConsentNoted Noted(TState state, ConsentRecorded consent, DecisionContext context) =>
        new(state.Id, consent.ConsentId, consent.Jurisdictions, consent.GivenBy, false, context.Now);
}

// The consumers, once for every service: each checks the message, reads its codes (unknown ones the protective way) and hands it to the service's facts.

public sealed class IdentificationCaseOpenedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<IdentificationCaseOpenedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<IdentificationCaseOpened>(store, service, clock, logger)
{
    protected override Task HandleAsync(IdentificationCaseOpened m, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (m.CaseId == Guid.Empty || !Jurisdictions.IsValid(m.Jurisdiction))
            throw new InvalidMessageException("IdentificationCaseOpened needs a case id and a valid ISO 3166-1 alpha-2 jurisdiction.");
        // An unknown child status code (a newer Identification) opens the case as for a presumed child, the protective reading.
        var childStatus = Codes.ReadOr(m.ChildStatus, ChildStatus.PresumedChild, out var unknownCode);
        return facts.OpenAsync(session, new CaseOpening(m.CaseId, m.VictimId, m.Jurisdiction, childStatus), unknownCode, context, ct);
    }
}

public sealed class ChildStatusDeterminedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ChildStatusDeterminedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<ChildStatusDetermined>(store, service, clock, logger)
{
    protected override Task HandleAsync(ChildStatusDetermined m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        facts.ChildStatusAsync(session, m.CaseId, Codes.ReadOr(m.ChildStatus, ChildStatus.PresumedChild, out var unknownCode), unknownCode, context, ct);
}

public sealed class GuardianAppointedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<GuardianAppointedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<GuardianAppointed>(store, service, clock, logger)
{
    protected override Task HandleAsync(GuardianAppointed m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        OrganisationCodes.IsValid(m.GuardianOrganisation)
            ? facts.GuardianAsync(session, m.CaseId, m.GuardianOrganisation, context, ct)
            : throw new InvalidMessageException("GuardianAppointed has no valid guardian organisation code.");
}

public sealed class BestInterestsAssessedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<BestInterestsAssessedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<BestInterestsAssessed>(store, service, clock, logger)
{
    protected override Task HandleAsync(BestInterestsAssessed m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        facts.BestInterestsAsync(session, m.CaseId, m.AssessedAt, context, ct);
}

/// <summary>Consents to cross-border transfer, recorded in Identification (consents of other kinds are not transfer consents).</summary>
public sealed class TransferConsentRecordedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<TransferConsentRecordedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<ConsentRecorded>(store, service, clock, logger)
{
    protected override Task HandleAsync(ConsentRecorded m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        m.Kind != FactsFromIdentification.TransferConsentKind ? Task.CompletedTask : facts.TransferConsentAsync(session, m, context, ct);
}

public sealed class TransferConsentWithdrawnConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<TransferConsentWithdrawnConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<ConsentWithdrawn>(store, service, clock, logger)
{
    protected override Task HandleAsync(ConsentWithdrawn m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        m.Kind != FactsFromIdentification.TransferConsentKind ? Task.CompletedTask : facts.TransferConsentWithdrawnAsync(session, m.CaseId, m.ConsentId, context, ct);
}

public sealed class InternationalProtectionClaimedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<InternationalProtectionClaimedConsumer> logger, FactsFromIdentification facts)
    : IdempotentConsumer<InternationalProtectionClaimed>(store, service, clock, logger)
{
    protected override Task HandleAsync(InternationalProtectionClaimed m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        Jurisdictions.IsValid(m.CountryOfClaimedPersecution)
            ? facts.ProtectionClaimAsync(session, m.CaseId, m.CountryOfClaimedPersecution, context, ct)
            : throw new InvalidMessageException("InternationalProtectionClaimed needs the ISO 3166-1 alpha-2 code of the country of claimed persecution.");
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
