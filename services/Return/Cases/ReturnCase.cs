namespace TransnationalReferral.Return.Cases;

public enum ReturnReason { PersonsWish, ReflectionPeriodEnded, ResidencePermitEnded, SpecialStatusEnded }

/// <summary>
/// NotRequested until a return is requested; Preparing until departure; Stopped when the consent is withdrawn (a
/// new consent resumes); Departed, Arrived (confirmed by the country of return), Closed.
/// </summary>
public enum ReturnStage { NotRequested, Preparing, Stopped, Departed, Arrived, Closed }

public enum ReturnOption { Stay, Return, ThirdCountry }

public enum ConsentGiver { Person, Guardian }

public enum ReturnRiskFactor { Persecution, Traffickers, FamilyInvolvement, Stigma, ReTrafficking, Debt, LackOfLivelihood }

public enum Mitigation { ShelterOnArrival, MetAtArrival, RelocationWithinCountry, PoliceProtection, NgoFollowUp, DebtCounselling, FamilyMediation, LivelihoodSupport }

public enum ReceptionCapacity { Available, Limited, None }

public enum FamilyAssessment { SafeToReunite, NotSafe, NoFamilyTraced }

public enum ReturnClosure { Returned, PersonStays, ConsentWithdrawn, ThirdCountry }

public sealed record ReturnInformation(string Language, IReadOnlyList<ReturnOption> Options, DateTimeOffset ProvidedAt);

public sealed record ReturnConsent(ConsentGiver GivenBy, DateTimeOffset GivenAt, DateTimeOffset? WithdrawnAt = null)
{
    public bool IsActive => WithdrawnAt is null;
}

public sealed record ReturnRisk(int Revision, RiskLevel Level, IReadOnlyList<ReturnRiskFactor> Factors, IReadOnlyList<Mitigation> Mitigations, bool MitigationAccepted, ReceptionCapacity ReceptionCapacity, DateTimeOffset AssessedAt);

public sealed record ProtectionClaim(string Country, ProtectionClaimStatus Status);

/// <summary>How a return was coordinated with the prosecutor: the testimony was secured (held already), it is arranged by video conference from the country of return, or the prosecutor stated that the departure does not obstruct the proceedings.</summary>
public enum ProsecutionCoordination { TestimonySecured, VideoTestimonyFromCountryOfReturn, DepartureDoesNotObstruct }

/// <summary>The recovery and reflection period, as Identification published it; it runs until its end is published.</summary>
public sealed record NotedReflectionPeriod(DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset? EndedAt = null)
{
    public bool Runs => EndedAt is null;
}

/// <summary>The victim's residence permit, as Protection published it; valid until its expiry or refusal is published.</summary>
public sealed record NotedResidencePermit(DateTimeOffset ExpiresAt, DateTimeOffset DecidedAt, DateTimeOffset? EndedAt = null)
{
    public bool Valid => EndedAt is null;
}

/// <summary>Open criminal proceedings naming the person as a victim or victim-witness, and how the return was coordinated with their prosecutor (none yet: departure waits).</summary>
public sealed record OpenProceedings(string Reference, string ProsecutingJurisdiction, string Role, ProsecutionCoordination? Coordinated = null, string? ProsecutorReference = null);

public sealed record Reception(Guid RequestId, string ToJurisdiction, DateTimeOffset RequestedAt, DateTimeOffset? AcknowledgedAt = null, DateTimeOffset? ArrangedAt = null, string? MetBy = null, bool ShelterOnArrival = false, bool OnwardTransport = false, DateTimeOffset? OverdueSince = null);

/// <summary>
/// A return, on the destination side (where the person is): the reason it was requested, the information and
/// consent, the pre-return risk assessment, the facts the non-refoulement gate reads (protection claims, forced
/// return orders), the child's safeguards, and the coordination with the country of return. No personal data.
/// </summary>
public sealed record ReturnCase(
    Guid Id,
    string Jurisdiction,
    ChildStatus ChildStatus,
    ReturnStage Stage,
    DateTimeOffset OpenedAt,
    string? CountryOfReturn = null,
    ReturnReason? Reason = null,
    DateTimeOffset? RequestedAt = null,
    ReturnInformation? Information = null,
    ReturnConsent? Consent = null,
    ReturnRisk? Risk = null,
    IReadOnlyList<ProtectionClaim>? ProtectionClaims = null,
    DateTimeOffset? ForcedReturnOrderedAt = null,
    string? GuardianOrganisation = null,
    DateTimeOffset? BestInterestsAssessedAt = null,
    FamilyAssessment? Family = null,
    IReadOnlyList<TransferConsent>? TransferConsents = null,
    Reception? Reception = null,
    string? TravelDocumentsIssuedBy = null,
    string? EscortOrganisation = null,
    DateTimeOffset? DepartedAt = null,
    DateTimeOffset? ArrivedAt = null,
    ReturnClosure? Closure = null,
    IReadOnlyList<ReturnReason>? EndedStatuses = null,
    IReadOnlyList<ReintegrationReport>? Reintegration = null,
    NotedReflectionPeriod? ReflectionPeriod = null,
    NotedResidencePermit? ResidencePermit = null,
    IReadOnlyList<OpenProceedings>? Proceedings = null,
    IReadOnlyList<Attachment>? Attachments = null) : IHearsIdentification, IEvolving<ReturnCase>, IKeepsAttachments
{
    /// <summary>Whether the country of return already reported this (a report is recorded once, however often it arrives).</summary>
    public bool Reported(string report, Guid? contactId) => (Reintegration ?? []).Any(r => r.Report == report && r.ContactId == contactId);

    public bool IsChild => ChildStatus is ChildStatus.Child or ChildStatus.PresumedChild;

    public static ReturnCase? Fold(ReturnCase? state, object @event) => (state, @event) switch
    {
        (null, ReturnFileOpened e) => new ReturnCase(e.CaseId, e.Jurisdiction, e.ChildStatus, ReturnStage.NotRequested, e.OpenedAt),
        ({ } s, ReturnRequested e) => s with { Stage = ReturnStage.Preparing, CountryOfReturn = e.CountryOfReturn, Reason = e.Reason, RequestedAt = e.RequestedAt },
        ({ } s, StatusEndedNoted e) => s with
        {
            EndedStatuses = [.. (s.EndedStatuses ?? []).Where(x => x != e.Status), e.Status],
            ReflectionPeriod = e.Status == ReturnReason.ReflectionPeriodEnded ? (s.ReflectionPeriod ?? new NotedReflectionPeriod(e.EndedAt, e.EndedAt)) with { EndedAt = e.EndedAt } : s.ReflectionPeriod,
            ResidencePermit = e.Status == ReturnReason.ResidencePermitEnded ? (s.ResidencePermit ?? new NotedResidencePermit(e.EndedAt, e.EndedAt)) with { EndedAt = e.EndedAt } : s.ResidencePermit,
        },
        // A period or permit that runs again is no longer a reason to return; its end is noted anew.
        ({ } s, ReflectionPeriodNoted e) => s with
        {
            ReflectionPeriod = new NotedReflectionPeriod(e.StartsAt, e.EndsAt), EndedStatuses = (s.EndedStatuses ?? []).Where(x => x != ReturnReason.ReflectionPeriodEnded).ToList(),
        },
        ({ } s, ResidencePermitNoted e) => s with
        {
            ResidencePermit = new NotedResidencePermit(e.ExpiresAt, e.DecidedAt), EndedStatuses = (s.EndedStatuses ?? []).Where(x => x != ReturnReason.ResidencePermitEnded).ToList(),
        },
        ({ } s, VictimWitnessNoted e) => s with { Proceedings = [.. (s.Proceedings ?? []).Where(p => p.Reference != e.ProceedingsReference), new OpenProceedings(e.ProceedingsReference, e.ProsecutingJurisdiction, e.Role)] },
        ({ } s, VictimWitnessProceedingsClosedNoted e) => s with { Proceedings = (s.Proceedings ?? []).Where(p => p.Reference != e.ProceedingsReference).ToList() },
        ({ } s, ProsecutionCoordinated e) => s with
        {
            Proceedings = (s.Proceedings ?? []).Select(p => e.ProceedingsReferences.Contains(p.Reference) ? p with { Coordinated = e.Outcome, ProsecutorReference = e.ProsecutorReference } : p).ToList(),
        },
        ({ } s, ReturnInformationProvided e) => s with { Information = new ReturnInformation(e.Language, e.Options, e.ProvidedAt) },
        ({ } s, ReturnConsentGiven e) => s with { Consent = new ReturnConsent(e.GivenBy, e.GivenAt), Stage = s.Stage == ReturnStage.Stopped ? ReturnStage.Preparing : s.Stage },
        ({ Consent: { } c } s, ReturnConsentWithdrawn e) => s with { Consent = c with { WithdrawnAt = e.WithdrawnAt }, Stage = ReturnStage.Stopped },
        ({ } s, ReturnRiskAssessed e) => s with { Risk = new ReturnRisk(e.Revision, e.Level, e.Factors, e.Mitigations, e.MitigationAccepted, e.ReceptionCapacity, e.AssessedAt) },
        ({ } s, ProtectionClaimNoted e) => s with { ProtectionClaims = [.. (s.ProtectionClaims ?? []).Where(c => c.Country != e.Country), new ProtectionClaim(e.Country, e.Status ?? ProtectionClaimStatus.Pending)] },
        ({ } s, ForcedReturnOrderRecorded e) => s with { ForcedReturnOrderedAt = e.OrderedAt },
        ({ } s, ChildStatusNoted e) => s with { ChildStatus = e.ChildStatus },
        ({ } s, GuardianNoted e) => s with { GuardianOrganisation = e.GuardianOrganisation },
        ({ } s, BestInterestsAssessmentNoted e) => s with { BestInterestsAssessedAt = e.AssessedAt },
        ({ } s, FamilyAssessed e) => s with { Family = e.Outcome },
        ({ } s, TransferConsentNoted e) => s with { TransferConsents = TransferConsent.Fold(s.TransferConsents, e) },
        ({ } s, ReceptionRequested e) => s with { Reception = new Reception(e.RequestId, e.ToJurisdiction, e.RequestedAt) },
        ({ Reception: { } r } s, ReceptionAcknowledged e) => s with { Reception = r with { AcknowledgedAt = e.AcknowledgedAt } },
        ({ Reception: { } r } s, ReceptionRequestOverdue e) => s with { Reception = r with { OverdueSince = e.RespondBy } },
        ({ Reception: { } r } s, ReceptionArranged e) => s with { Reception = r with { ArrangedAt = e.ArrangedAt, MetBy = e.MetBy, ShelterOnArrival = e.ShelterOnArrival, OnwardTransport = e.OnwardTransport } },
        ({ } s, TravelDocumentsIssued e) => s with { TravelDocumentsIssuedBy = e.IssuedBy },
        ({ } s, EscortArranged e) => s with { EscortOrganisation = e.EscortOrganisation },
        ({ } s, ReturnDeparted e) => s with { Stage = ReturnStage.Departed, DepartedAt = e.DepartedAt },
        ({ } s, ArrivalConfirmed e) => s with { Stage = ReturnStage.Arrived, ArrivedAt = e.ArrivedAt },
        ({ } s, ReturnClosed e) => s with { Stage = ReturnStage.Closed, Closure = e.Outcome },
        ({ } s, ReintegrationReported e) => s with { Reintegration = [.. s.Reintegration ?? [], new ReintegrationReport(e.Report, e.ContactId, e.Outcome, e.At, e.FromJurisdiction)] },
        ({ } s, IAttachmentEvent e) => s with { Attachments = e.Apply(s.Attachments) },
        _ => state,
    };
}
