namespace TransnationalReferral.Remedies.Claims;

public enum ClaimType
{
    CriminalCompensation, CivilClaim, StateCompensationFund, UnpaidWages, Restitution,
    Rehabilitation, Satisfaction, GuaranteesOfNonRepetition,
}

public enum ClaimStage { Prepared, Filed, UnderReview, Awarded, Rejected, Appealed, Paid, Closed }

public enum Debtor { Offender, StateFund, Employer, Other }

public enum AppealedBy { Victim, Debtor }

public enum PaymentChannelKind { Direct, PartnerFocalPoint }

public sealed record Payment(string PaymentKey, Money Amount, PaymentChannelKind Channel, DateTimeOffset PaidAt);

public sealed record Allocation(Guid AssetId, Money Amount, DateTimeOffset AllocatedAt);

public sealed record Claim(
    Guid ClaimId,
    ClaimType Type,
    string DecidingJurisdiction,
    string DecidingBody,
    ClaimStage Stage,
    DateTimeOffset PreparedAt,
    Money? Claimed = null,
    DateTimeOffset? FiledAt = null,
    DateTimeOffset? DecisionDueBy = null,
    bool DecisionOverdue = false,
    Money? Award = null,
    Debtor? Debtor = null,
    IReadOnlyList<Payment>? Payments = null,
    IReadOnlyList<Allocation>? Allocations = null,
    string? ForwardedBy = null,
    string? ForwardingRefused = null)
{
    public bool IsMonetary => Type is not (ClaimType.Rehabilitation or ClaimType.Satisfaction or ClaimType.GuaranteesOfNonRepetition);

    public Money? Paid => Award is { } award ? (Payments ?? []).Aggregate(Money.Zero(award.Currency), (sum, p) => sum.Plus(p.Amount)) : null;

    /// <summary>Awarded = paid + outstanding, always.</summary>
    public Money? Outstanding => Award is { } award ? award.Minus(Paid!) : null;

    public Money? Allocated => Award is { } award ? (Allocations ?? []).Aggregate(Money.Zero(award.Currency), (sum, a) => sum.Plus(a.Amount)) : null;
}

/// <summary>A confiscated asset of the case's proceedings, or proceeds another state returned; allocations draw on its value.</summary>
public sealed record Asset(Guid AssetId, Money Value, string Jurisdiction, string Source, Money Allocated)
{
    public Money Available => Value.Minus(Allocated);
}

public sealed record ProceedsReturnRequest(Guid RequestId, string ToJurisdiction, Money Amount, DateTimeOffset RequestedAt, string? Outcome = null, Money? Returned = null);

public sealed record PaymentChannel(PaymentChannelKind Kind, string? ViaJurisdiction, string Reference);

/// <summary>
/// Remedies for one case: information, legal aid, claims (monetary and not) through their lifecycle with
/// awards as receivables and idempotent payments, confiscated assets and their allocation, requests for the
/// return of proceeds, and the facts that must never stop a claim (return, permits, migration decisions) —
/// noted, and changing nothing. No personal data: a payment channel is a reference, not an account.
/// </summary>
public sealed record RemediesCase(
    Guid Id,
    string Jurisdiction,
    DateTimeOffset OpenedAt,
    DateTimeOffset? InformedAt = null,
    string? InformedInLanguage = null,
    string? LegalAidOrganisation = null,
    IReadOnlyList<Claim>? Claims = null,
    IReadOnlyList<Asset>? Assets = null,
    IReadOnlyList<ProceedsReturnRequest>? ProceedsReturns = null,
    PaymentChannel? PaymentChannel = null,
    IReadOnlyList<string>? MigrationFacts = null,
    IReadOnlyList<TransferConsent>? TransferConsents = null,
    IReadOnlyList<string>? ProtectionClaimedFrom = null,
    IReadOnlyList<Attachment>? Attachments = null) : IHearsIdentification, IEvolving<RemediesCase>, IKeepsAttachments
{
    public Claim? ClaimOf(Guid claimId) => (Claims ?? []).FirstOrDefault(c => c.ClaimId == claimId);

    private RemediesCase WithClaim(Guid claimId, Func<Claim, Claim> change) =>
        this with { Claims = (Claims ?? []).Select(c => c.ClaimId == claimId ? change(c) : c).ToList() };

    private RemediesCase WithAsset(Guid assetId, Func<Asset, Asset> change) =>
        this with { Assets = (Assets ?? []).Select(a => a.AssetId == assetId ? change(a) : a).ToList() };

    private static Claim Received(ForwardedClaimReceived e) =>
        new(e.ClaimId, e.Type, e.Jurisdiction, e.DecidingBody, ClaimStage.Filed, e.ReceivedAt, FiledAt: e.ReceivedAt, DecisionDueBy: e.DecisionDueBy, ForwardedBy: e.AssistingJurisdiction);

    private static Claim Paid(Claim c, Payment p)
    {
        var paid = c with { Payments = [.. c.Payments ?? [], p] };
        return paid.Outstanding is { Amount: <= 0 } ? paid with { Stage = ClaimStage.Paid } : paid;
    }

    public static RemediesCase? Fold(RemediesCase? state, object @event) => (state, @event) switch
    {
        (null, RemediesFileOpened e) => new RemediesCase(e.CaseId, e.Jurisdiction, e.OpenedAt),
        ({ } s, RemedyInformationProvided e) => s with { InformedAt = e.ProvidedAt, InformedInLanguage = e.Language },
        ({ } s, LegalAidAssigned e) => s with { LegalAidOrganisation = e.Organisation },
        ({ } s, ClaimPrepared e) => s with { Claims = [.. s.Claims ?? [], new Claim(e.ClaimId, e.Type, e.DecidingJurisdiction, e.DecidingBody, ClaimStage.Prepared, e.PreparedAt, e.Claimed)] },
        ({ } s, ClaimFiled e) => s.WithClaim(e.ClaimId, c => c with { Stage = ClaimStage.Filed, FiledAt = e.FiledAt, DecisionDueBy = e.DecisionDueBy }),
        (null, ForwardedClaimReceived e) => new RemediesCase(e.CaseId, e.Jurisdiction, e.ReceivedAt, Claims: [Received(e)]),
        ({ } s, ForwardedClaimReceived e) => s with { Claims = [.. s.Claims ?? [], Received(e)] },
        ({ } s, ClaimUnderReview e) => s.WithClaim(e.ClaimId, c => c with { Stage = ClaimStage.UnderReview }),
        ({ } s, ClaimDecisionOverdue e) => s.WithClaim(e.ClaimId, c => c with { DecisionOverdue = true }),
        ({ } s, ClaimAwarded e) => s.WithClaim(e.ClaimId, c => c with { Stage = ClaimStage.Awarded, Award = e.Award, Debtor = e.Debtor, DecisionOverdue = false }),
        ({ } s, ClaimRejected e) => s.WithClaim(e.ClaimId, c => c with { Stage = ClaimStage.Rejected, Award = null, DecisionOverdue = false }),
        ({ } s, ClaimAppealed e) => s.WithClaim(e.ClaimId, c => c with { Stage = ClaimStage.Appealed, DecisionDueBy = e.DecisionDueBy }),
        ({ } s, PaymentRecorded e) => s.WithClaim(e.ClaimId, c => Paid(c, new Payment(e.PaymentKey, e.Amount, e.Channel, e.PaidAt))),
        ({ } s, ClaimClosed e) => s.WithClaim(e.ClaimId, c => c with { Stage = ClaimStage.Closed }),
        ({ } s, AssetNoted e) => s with { Assets = [.. (s.Assets ?? []).Where(a => a.AssetId != e.AssetId), new Asset(e.AssetId, e.Value, e.Jurisdiction, e.Source, (s.Assets ?? []).FirstOrDefault(a => a.AssetId == e.AssetId)?.Allocated ?? Money.Zero(e.Value.Currency))] },
        ({ } s, ProceedsAllocated e) => s.WithAsset(e.AssetId, a => a with { Allocated = a.Allocated.Plus(e.Amount) })
            .WithClaim(e.ClaimId, c => c with { Allocations = [.. c.Allocations ?? [], new Allocation(e.AssetId, e.Amount, e.AllocatedAt)] }),
        ({ } s, ProceedsReturnRequested e) => s with { ProceedsReturns = [.. s.ProceedsReturns ?? [], new ProceedsReturnRequest(e.RequestId, e.ToJurisdiction, e.Amount, e.RequestedAt)] },
        ({ } s, ProceedsReturnAnswered e) => s with
        {
            ProceedsReturns = (s.ProceedsReturns ?? []).Select(r => r.RequestId == e.RequestId ? r with { Outcome = e.Outcome, Returned = e.Returned } : r).ToList(),
        },
        ({ } s, PaymentChannelArranged e) => s with { PaymentChannel = new PaymentChannel(e.Kind, e.ViaJurisdiction, e.Reference) },
        ({ } s, TransferConsentNoted e) => s with { TransferConsents = TransferConsent.Fold(s.TransferConsents, e) },
        ({ } s, ProtectionClaimNoted e) => s with { ProtectionClaimedFrom = [.. (s.ProtectionClaimedFrom ?? []).Where(c => c != e.Country), e.Country] },
        ({ } s, ClaimForwardingRefused e) => s.WithClaim(e.ClaimId, c => c with { ForwardingRefused = e.Rule }),
        ({ } s, ClaimForwardingResumed e) => s.WithClaim(e.ClaimId, c => c with { ForwardingRefused = null }),
        ({ } s, MigrationFactNoted e) => s with { MigrationFacts = [.. s.MigrationFacts ?? [], e.Fact] },
        ({ } s, IAttachmentEvent e) => s with { Attachments = e.Apply(s.Attachments) },
        _ => state,
    };
}
