using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Protection.Integration;

/// <summary>
/// What Protection does with the facts from Identification (their consumers are shared): opens its case for the person
/// (a pseudonymous victim id needed, the jurisdiction fixed), notes a child's facts and the countries the person claims
/// protection from — the cross-border gates never send anything about the person there, and no relocation or continuity
/// request goes there.
/// </summary>
public sealed class ProtectionFacts : FactsFromIdentification<ProtectionCase>
{
    public override IdentificationFact Hears =>
        IdentificationFact.ChildStatus | IdentificationFact.Guardian | IdentificationFact.BestInterests | IdentificationFact.ProtectionClaims;

    protected override FactSources Sources { get; } = new(OpeningProtectionCase.LegalBasis, "Case opened by Identification (signal received).", ProtectionRules.ChildBasis,
        ProtectionRules.NeverToCountryOfClaimedProtectionBasis, "International protection claim recorded by Identification.");

    public override Decision Open(ProtectionCase? state, CaseOpening opening, DecisionContext context) =>
        opening.VictimId == Guid.Empty
            ? new Refusal("victim-id-missing", "IdentificationCaseOpened needs a case id and a pseudonymous victim id.")
            : OpeningProtectionCase.Decide(state, new OpeningProtectionCase.OpenProtectionCase(opening.CaseId, opening.VictimId, opening.Jurisdiction, opening.ChildStatus), context);
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

/// <summary>Consents of every kind recorded or withdrawn in Identification → noted on the protection case (referrals check them).</summary>
public sealed class ConsentRecordedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ConsentRecordedConsumer> logger)
    : IdempotentConsumer<ConsentRecorded>(store, service, clock, logger)
{
    protected override Task HandleAsync(ConsentRecorded m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<ProtectionCase>(m.CaseId, _ => Decision.Accept(new ConsentNoted(m.CaseId, m.ConsentId, m.Kind, m.Organisations, m.GivenBy, false, context.Now, m.Jurisdictions)),
            Referring.LegalBasis, "Consent recorded by Identification.", ct);
}

public sealed class ConsentWithdrawnConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ConsentWithdrawnConsumer> logger)
    : IdempotentConsumer<ConsentWithdrawn>(store, service, clock, logger)
{
    protected override Task HandleAsync(ConsentWithdrawn m, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<ProtectionCase>(m.CaseId, s => (s.Consents ?? []).FirstOrDefault(c => c.ConsentId == m.ConsentId) is { } known
                ? Decision.Accept(new ConsentNoted(m.CaseId, m.ConsentId, known.Kind, known.Organisations, known.GivenBy, true, context.Now, known.Jurisdictions))
                : throw new InvalidOperationException($"Consent {m.ConsentId} not noted yet; retried."),
            Referring.LegalBasis, "Consent withdrawn, recorded by Identification.", ct);
}

/// <summary>
/// The reflection period Identification reports, noted on the protection case (its deadline is Protection's own). The
/// case opening travels on another queue: until it has arrived, retried.
/// </summary>
internal static class Noting
{
    public static Task NoteAsync(IDocumentSession session, Guid caseId, object fact, string reasons, CancellationToken ct) =>
        session.ApplyFactAsync<ProtectionCase>(caseId, _ => Decision.Accept(fact), TrackingResidenceStatus.LegalBasis, reasons, ct);
}

public sealed class ReflectionPeriodStartedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReflectionPeriodStartedConsumer> logger)
    : IdempotentConsumer<ReflectionPeriodStarted>(store, service, clock, logger)
{
    protected override Task HandleAsync(ReflectionPeriodStarted message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        Noting.NoteAsync(session, message.CaseId, new ReflectionPeriodNoted(message.CaseId, message.EndsAt, null, context.Now), "Reflection period started (Identification).", ct);
}

public sealed class ReflectionPeriodExtendedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReflectionPeriodExtendedConsumer> logger)
    : IdempotentConsumer<ReflectionPeriodExtended>(store, service, clock, logger)
{
    protected override Task HandleAsync(ReflectionPeriodExtended message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        Noting.NoteAsync(session, message.CaseId, new ReflectionPeriodNoted(message.CaseId, message.EndsAt, null, context.Now), "Reflection period extended (Identification).", ct);
}

public sealed class ReflectionPeriodEndedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReflectionPeriodEndedConsumer> logger)
    : IdempotentConsumer<ReflectionPeriodEnded>(store, service, clock, logger)
{
    protected override Task HandleAsync(ReflectionPeriodEnded message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(message.Reason) || message.Reason.Length > 100
            ? throw new InvalidMessageException("ReflectionPeriodEnded needs a reason code.")
            : Noting.NoteAsync(session, message.CaseId, new ReflectionPeriodNoted(message.CaseId, null, message.Reason, context.Now), "Reflection period ended (Identification); assistance continues.", ct);
}
