using TransnationalReferral.Contracts.Identification;

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

/// <summary>What a service records with the facts it notes: the legal basis and reasons of the opening of its case, the legal
/// basis of a child's facts (status, guardian, best interests), and the legal basis and reasons of a protection claim.</summary>
public sealed record FactSources(string Opening, string OpeningReasons, string Child = "UNCRC art. 3(1); CETS 197 art. 10(4)",
    string ProtectionClaim = "1951 Refugee Convention art. 33",
    string ProtectionClaimReasons = "International protection claimed (Identification): nothing about the person goes to that country.");

/// <summary>The facts a service hears from Identification besides the case opening (which every service hears).</summary>
[Flags]
public enum IdentificationFact { None = 0, ChildStatus = 1, Guardian = 2, BestInterests = 4, TransferConsents = 8, ProtectionClaims = 16 }

/// <summary>
/// What a service does with the facts Identification publishes about a case, on the service's own case stream: one
/// subclass per service (found by convention), whose consumers live here once. Each fact is applied through
/// <see cref="StreamFacts.ApplyFactAsync{TState}"/> (codes checked first: an invalid one sends the message to the error queue);
/// a service overrides only what it does differently with a fact.
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
    /// <summary>The legal bases and reasons recorded with the facts this service notes.</summary>
    protected abstract FactSources Sources { get; }

    /// <summary>The service's case opened for Identification's (nothing to do when it is open already).</summary>
    public abstract Decision Open(TState? state, CaseOpening opening, DecisionContext context);

    public virtual Decision ProtectionClaimed(TState state, string country, DecisionContext context) =>
        ((state as IHearsIdentification)?.ProtectionClaimedFrom ?? []).Contains(country) ? Decision.NothingToDo : Decision.Accept(new ProtectionClaimNoted(state.Id, country, context.Now));

    public override Task OpenAsync(IDocumentSession session, CaseOpening opening, string unknownCode, DecisionContext context, CancellationToken ct) =>
        session.ApplyOpeningAsync<TState>(opening.CaseId, s => Open(s, opening, context), Sources.Opening, Sources.OpeningReasons + unknownCode, ct);

    public override Task ChildStatusAsync(IDocumentSession session, Guid caseId, ChildStatus status, string unknownCode, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<TState>(caseId, s => Decision.Accept(new ChildStatusNoted(s.Id, status, context.Now)), Sources.Child,
            "Child status determined by Identification (age assessment)." + unknownCode, ct);

    public override Task GuardianAsync(IDocumentSession session, Guid caseId, string organisation, DecisionContext context, CancellationToken ct) =>
        !Security.OrganisationCodes.IsValid(organisation) ? throw new InvalidMessageException("GuardianAppointed has no valid guardian organisation code.") :
        session.ApplyFactAsync<TState>(caseId, s => Decision.Accept(new GuardianNoted(s.Id, organisation, context.Now)), Sources.Child, "Guardian appointed, recorded by Identification.", ct);

    public override Task BestInterestsAsync(IDocumentSession session, Guid caseId, DateTimeOffset assessedAt, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<TState>(caseId, s => Decision.Accept(new BestInterestsAssessmentNoted(s.Id, assessedAt, context.Now)), Sources.Child, "Best-interests assessment recorded by Identification.", ct);

    public override Task TransferConsentAsync(IDocumentSession session, ConsentRecorded consent, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<TState>(consent.CaseId, s => Decision.Accept(new TransferConsentNoted(s.Id, consent.ConsentId, consent.Jurisdictions, consent.GivenBy, false, context.Now)), ConsentBasis, "Consent to cross-border transfer recorded by Identification.", ct);

    public override Task TransferConsentWithdrawnAsync(IDocumentSession session, Guid caseId, Guid consentId, DecisionContext context, CancellationToken ct) =>
        session.ApplyFactAsync<TState>(caseId, s => ((s as IHearsIdentification)?.TransferConsents ?? []).FirstOrDefault(c => c.ConsentId == consentId) is { } known
                ? Decision.Accept(new TransferConsentNoted(s.Id, consentId, known.Jurisdictions, known.GivenBy, true, context.Now))
                : throw new InvalidOperationException($"Consent {consentId} not noted yet; retried."),
            WithdrawalBasis, "Consent to cross-border transfer withdrawn (Identification).", ct);

    public override Task ProtectionClaimAsync(IDocumentSession session, Guid caseId, string country, DecisionContext context, CancellationToken ct) =>
        !Security.Jurisdictions.IsValid(country) ? throw new InvalidMessageException("InternationalProtectionClaimed needs the ISO 3166-1 alpha-2 code of the country of claimed persecution.") :
        session.ApplyFactAsync<TState>(caseId, s => ProtectionClaimed(s, country, context), Sources.ProtectionClaim, Sources.ProtectionClaimReasons, ct);
}
