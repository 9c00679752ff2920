using JasperFx.Events;
using TransnationalReferral.Remedies.Claims;
using Contract = TransnationalReferral.Contracts.Remedies;

namespace TransnationalReferral.Remedies.Integration;

/// <summary>What the Remedies service publishes: ids, codes, decimal amounts with ISO 4217 currencies — never reasons, personal data or account numbers.</summary>
public sealed class Outgoing : IOutgoingMap
{
    public object? ToIntegrationEvent(IEvent @event) => @event.Data switch
    {
        RemedyInformationProvided e => new Contract.RemedyInformationProvided(e.CaseId, e.Language, e.ProvidedAt),
        LegalAidAssigned e => new Contract.LegalAidAssigned(e.CaseId, e.Organisation, e.AssignedAt),
        ClaimFiled e => new Contract.ClaimFiled(e.CaseId, e.ClaimId, Codes.Of(e.Type), e.Jurisdiction, e.DecidingJurisdiction, e.DecidingBody, e.DecisionDueBy, e.FiledAt),
        ClaimForwarded e => new Contract.ClaimForwarded(e.CaseId, e.ClaimId, e.AssistingJurisdiction, e.DecidingJurisdiction, e.DecidingBody, Codes.Of(e.Type), e.ForwardedAt),
        ClaimAwarded e => new Contract.ClaimDecided(e.CaseId, e.ClaimId, "awarded", e.Award?.Amount, e.Award?.Currency, e.Debtor is { } d ? Codes.Of(d) : null, e.DecidedAt),
        ClaimRejected e => new Contract.ClaimDecided(e.CaseId, e.ClaimId, "rejected", null, null, null, e.DecidedAt),
        ClaimAppealed e => new Contract.ClaimAppealed(e.CaseId, e.ClaimId, Codes.Of(e.By), e.AppealedAt),
        ClaimDecisionOverdue e => new Contract.ClaimDecisionOverdue(e.CaseId, e.ClaimId, e.DecidingJurisdiction, e.DueBy),
        PaymentRecorded e => new Contract.PaymentMade(e.CaseId, e.ClaimId, e.PaymentKey, e.Amount.Amount, e.Amount.Currency, Codes.Of(e.Channel), e.PaidAt),
        ProceedsAllocated e => new Contract.ProceedsAllocated(e.CaseId, e.ClaimId, e.AssetId, e.Amount.Amount, e.Amount.Currency, e.AllocatedAt),
        ProceedsReturnRequested e => new Contract.ProceedsReturnRequested(e.RequestId, e.CaseId, e.FromJurisdiction, e.ToJurisdiction, e.Amount.Amount, e.Amount.Currency, e.RequestedAt),
        ClaimClosed e => new Contract.ClaimClosed(e.CaseId, e.ClaimId, e.ClosedAt),
        _ => null,
    };
}
