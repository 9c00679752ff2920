using TransnationalReferral.Remedies.Claims;
using TransnationalReferral.ServiceDefaults.OpenApi;

namespace TransnationalReferral.Remedies;

/// <summary>
/// One example per request body of the Remedies API: a claim for unpaid wages in the Netherlands, from information on
/// remedies to payment. Shown on the docs page and accepted as it is (OpenApiDocumentTests). Reasons never name a person.
/// </summary>
public sealed class OpenApiExamples : RequestExamples
{
    private const string Asset = "0193a1c2-5d4e-7f60-8a9b-0c1d2e3f4a51", Claim = "0193a1c2-5d4e-7f60-8a9b-0c1d2e3f4a52";

    public override IEnumerable<object> Examples =>
    [
        new ProvidingRemedyInformation.ProvideInformation(Language: "ro", Reasons: "Compensation, unpaid wages and legal aid explained with an interpreter."),
        new AssigningLegalAid.AssignLegalAid(Organisation: "nl-legal-aid-board", Reasons: "Free legal aid granted for the wage claim."),
        new PreparingClaim.PrepareClaim(Type: ClaimType.UnpaidWages, DecidingJurisdiction: "NL", DecidingBody: "nl-labour-court", ClaimedAmount: 9600.00m, Currency: "EUR",
            Reasons: "Fourteen months of unpaid wages, documented by the labour inspection."),
        new FilingClaim.FileClaim(Reasons: "Filed with the labour court by the assigned lawyer."),
        new RecordingClaimReview.RecordReview(Reasons: "The court scheduled a hearing."),
        new RecordingClaimDecision.RecordDecision(Outcome: RecordingClaimDecision.Outcome.Awarded, Reasons: "Awarded in full by the labour court.", Amount: 9600.00m, Currency: "EUR", Debtor: Debtor.Employer),
        new AppealingClaim.Appeal(By: AppealedBy.Debtor, Reasons: "The employer appealed the award."),
        new RecordingPayment.RecordPayment(PaymentKey: "wages-1", Amount: 3600.00m, Currency: "EUR", Channel: PaymentChannelKind.Direct, Reasons: "First instalment paid by the employer."),
        new ClosingClaim.CloseClaim(Reasons: "Paid in full."),
        new ArrangingPaymentChannel.ArrangePaymentChannel(Kind: PaymentChannelKind.PartnerFocalPoint, Reference: "RO-ANITP-PAY-0042", ViaJurisdiction: "RO",
            Reasons: "The person has returned to Romania; payments go through the Romanian focal point."),
        new AllocatingProceeds.AllocateProceeds(AssetId: Id(Asset), ClaimId: Id(Claim), Amount: 5000.00m, Currency: "EUR", Reasons: "Confiscated proceeds allocated to the awarded claim."),
        new RequestingProceedsReturn.RequestProceedsReturn(ToJurisdiction: "RO", Amount: 5000.00m, Currency: "EUR", Reasons: "Proceeds confiscated in Romania to compensate the victim."),
        new AddAttachment(Reference: "NL-CJIB-2026-512/medical-bills", Classification: Classification.Restricted, Handling: Handling.PurposeOnly, ContainsVictimPersonalData: true,
            LegalBasis: "GDPR art. 9(2)(g)"),
        new RecordRedaction(RedactedReference: "NL-CJIB-2026-512/medical-bills-redacted", Removed: [RedactedCategory.Names, RedactedCategory.HealthData]),
        new WithdrawAttachment(Reasons: "Duplicate of the bills filed with the claim."),
    ];
}
