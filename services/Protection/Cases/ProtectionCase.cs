using TransnationalReferral.ServiceDefaults.Decisions;

namespace TransnationalReferral.Protection.Cases;

public enum ChildStatus { Child, PresumedChild, Adult }

/// <summary>
/// Where the protection case stands. A case opened from a signal awaits the reasonable-grounds decision
/// that entitles the person to assistance (which never depends on cooperating with the authorities).
/// </summary>
public enum ProtectionStage { AwaitingEntitlement, Entitled }

public enum Need { SafeAccommodation, Medical, Psychological, LegalCounselling, LegalAid, Interpretation, MaterialAssistance, Education, EmploymentAndTraining, FamilyTracing }

public enum RiskLevel { Low, Medium, High }

public enum RiskFactor { Violence, ReTrafficking, WitnessIntimidation, ThreatsToFamily, Stigma }

public enum CooperationStatus { Cooperating, Declined, Withdrawn }

public sealed record NotedConsent(Guid ConsentId, string Kind, IReadOnlyList<string> Organisations, string GivenBy, bool Withdrawn);

public enum ReferralStatus { Requested, Accepted, Declined, Completed, NotSuccessful }

public sealed record Referral(Guid ReferralId, string ProviderOrganisation, Need Service, ReferralStatus Status, DateTimeOffset RequestedAt);

public enum PermitStatus { Valid, Expired, Refused }

public sealed record ResidencePermit(string PermitType, PermitStatus Status, DateTimeOffset? ExpiresAt);

public sealed record NeedsAssessment(int Revision, IReadOnlyList<Need> Needs, DateTimeOffset AssessedAt);

public sealed record RiskAssessment(int Revision, RiskLevel Level, IReadOnlyList<RiskFactor> Factors, bool FamilyAtRisk, DateTimeOffset AssessedAt);

public sealed record ProtectionCase(
    Guid Id,
    Guid VictimId,
    string Jurisdiction,
    ChildStatus ChildStatus,
    ProtectionStage Stage,
    DateTimeOffset OpenedAt,
    DateTimeOffset? EntitledAt = null,
    NeedsAssessment? Needs = null,
    RiskAssessment? Risk = null,
    int Revisions = 0,
    CooperationStatus? Cooperation = null,
    ResidencePermit? Permit = null,
    IReadOnlyList<string>? OpenReviews = null,
    IReadOnlyList<NotedConsent>? Consents = null,
    IReadOnlyList<Referral>? Referrals = null) : ICaseState, IEvolving<ProtectionCase>
{
    public static ProtectionCase? Fold(ProtectionCase? state, object @event) => (state, @event) switch
    {
        (null, ProtectionCaseOpened e) => new ProtectionCase(e.CaseId, e.VictimId, e.Jurisdiction, e.ChildStatus, ProtectionStage.AwaitingEntitlement, e.OpenedAt),
        ({ } s, AssistanceEntitled e) => s with { Stage = ProtectionStage.Entitled, EntitledAt = e.EntitledAt },
        ({ } s, NeedsAssessed e) => s with { Needs = new NeedsAssessment(e.Revision, e.Needs, e.AssessedAt), Revisions = s.Revisions + 1 },
        ({ } s, RiskAssessed e) => s with { Risk = new RiskAssessment(e.Revision, e.Level, e.Factors, e.FamilyAtRisk, e.AssessedAt), Revisions = s.Revisions + 1 },
        ({ } s, CooperationStatusNoted e) => s with { Cooperation = e.Status },
        ({ } s, ResidencePermitIssued e) => s with { Permit = new ResidencePermit(e.PermitType, PermitStatus.Valid, e.ExpiresAt) },
        ({ Permit: { } p } s, ResidencePermitRenewed e) => s with { Permit = p with { Status = PermitStatus.Valid, ExpiresAt = e.ExpiresAt } },
        ({ } s, ResidencePermitRefused e) => s with { Permit = new ResidencePermit(e.PermitType, PermitStatus.Refused, null) },
        ({ Permit: { } p } s, ResidencePermitExpired) => s with { Permit = p with { Status = PermitStatus.Expired } },
        ({ } s, CaseReviewOpened e) => s with { OpenReviews = [.. s.OpenReviews ?? [], e.Reason] },
        ({ } s, ConsentNoted e) => s with { Consents = [.. (s.Consents ?? []).Where(c => c.ConsentId != e.ConsentId), new NotedConsent(e.ConsentId, e.Kind, e.Organisations, e.GivenBy, e.Withdrawn)] },
        ({ } s, ReferralRequested e) => s with { Referrals = [.. s.Referrals ?? [], new Referral(e.ReferralId, e.ProviderOrganisation, e.Service, ReferralStatus.Requested, e.RequestedAt)] },
        ({ } s, ReferralAnswered e) => s with { Referrals = (s.Referrals ?? []).Select(r => r.ReferralId == e.ReferralId ? r with { Status = e.Accepted ? ReferralStatus.Accepted : ReferralStatus.Declined } : r).ToList() },
        ({ } s, ReferralConcluded e) => s with { Referrals = (s.Referrals ?? []).Select(r => r.ReferralId == e.ReferralId ? r with { Status = e.Successful ? ReferralStatus.Completed : ReferralStatus.NotSuccessful } : r).ToList() },
        _ => state,
    };
}
