extern alias Identification;
extern alias JudicialCooperation;
extern alias Protection;
extern alias Remedies;
extern alias Return;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Operations;
using TransnationalReferral.AsyncApi;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// What <c>AddReferralService</c> finds by convention is what each Program.cs listed by hand before it: the same consumers
/// on the bus with and without cross-border partners, the same cross-border handlers, deadline handlers and figures.
/// Read from the service collection the call fills (nothing is started).
/// </summary>
public class ServiceRegistrationTests
{
    private const string CaseRegister = "CaseSharedConsumer CaseShareRevokedConsumer PersonalDataErasedConsumer";

    public sealed record Expected(ReferralService Service, string Consumers, string CrossBorderConsumers, string CrossBorderHandlers,
        string OverdueHandlers, string DeadlineHandlers, string Figures);

    // As Program.cs listed them before the convention (AddConsumer<…>, AddCrossBorderHandler<…>, AddCrossBorderOverdueHandler<…>, AddDeadlines(…), AddOpsFigures<…>),
    // with what came after it (Identification's notification consumers, which raise a notice from another service's fact).
    private static readonly Expected[] Services =
    [
        new(new Identification::TransnationalReferral.Identification.IdentificationService(),
            "IdentificationAssistanceAnsweredConsumer ReferralRequestedNotice ReferralOverdueNotice AssistanceOverdueNotice JudicialRequestOverdueNotice ClaimDecisionOverdueNotice MonitoringContactOverdueNotice ReflectionPeriodExpiringNotice PartnerAssistanceRequestNotice PartnerAssistanceAnswerNotice JudicialAnswerNotice JudicialPartnerRequestNotice ExtraditionVictimNotificationDuty VictimNotificationFromPartnerNotice NonPunishmentReviewNotice",
            "AssistanceRequestCrossingBorder AssistanceAnswerCrossingBorder IdentityKeysForJudicialRequest IdentityMatchForJudicialRequest",
            "IncomingAssistanceRequests AssistanceAnswersFromPartners", "",
            "ReflectionPeriodDeadlines ReflectionPeriodDeadlines IdentificationAssistanceDeadline OwnDataRequestDeadline", "IdentificationFigures"),
        new(new JudicialCooperation::TransnationalReferral.JudicialCooperation.JudicialCooperationService(),
            $"{CaseRegister} IdentificationCaseOpenedConsumer InternationalProtectionClaimedConsumer PresumedVictimRecognisedConsumer VictimFormallyIdentifiedConsumer JudicialRequestSentConsumer AcknowledgedConsumer ExecutedConsumer RefusedConsumer ProceedsReturnRequestedConsumer ReturnDepartedConsumer ReturnCompletedConsumer IdentityMatchAnsweredConsumer",
            "MutualLegalAssistanceCrossingBorder MlaAcknowledgementCrossingBorder MlaExecutionCrossingBorder MlaTestimonyCrossingBorder VictimNotificationCrossingBorder MlaCompletionCrossingBorder MlaRefusalCrossingBorder"
            + " JitMembershipCrossingBorder JitSharingCrossingBorder ProceedsReturnCrossingBorder ProceedsReturnAnswerCrossingBorder SpontaneousInformationCrossingBorder ReceivedInformationAcknowledgementCrossingBorder IdentityKeysCrossingBorder",
            "IncomingMutualLegalAssistance MutualLegalAssistanceAnswersFromPartners JointInvestigationFromPartners IncomingProceedsReturnAcrossBorders ProceedsReturnAnswersFromPartners"
            + " IncomingSpontaneousInformation SpontaneousInformationAcknowledgements", "",
            "ResponseOverdue", "JudicialFigures"),
        new(new Protection::TransnationalReferral.Protection.ProtectionService(),
            $"{CaseRegister} IdentificationCaseOpenedConsumer PresumedVictimRecognisedConsumer CooperationStatusChangedConsumer ConsentRecordedConsumer ConsentWithdrawnConsumer ChildStatusDeterminedConsumer GuardianAppointedConsumer BestInterestsAssessedConsumer ReflectionPeriodStartedConsumer ReflectionPeriodExtendedConsumer ReflectionPeriodEndedConsumer InternationalProtectionClaimedConsumer",
            "RelocationRequestCrossingBorder ContinuityRequestCrossingBorder PartnerRequestAnswerCrossingBorder",
            "IncomingProtectionRequests ProtectionAnswersFromPartners", "ProtectionRequestOverdueHandler",
            "ResidencePermitExpiry ReferralResponseOverdue SupportPlanReviewDue", "ProtectionFigures"),
        new(new Remedies::TransnationalReferral.Remedies.RemediesService(),
            $"{CaseRegister} IdentificationCaseOpenedConsumer AssetFrozenConsumer AssetConfiscatedConsumer AssetDisposedConsumer ProceedsReturnAnsweredConsumer ReturnDepartedConsumer ResidencePermitExpiredConsumer ResidencePermitRefusedConsumer TransferConsentRecordedConsumer TransferConsentWithdrawnConsumer InternationalProtectionClaimedConsumer",
            "ClaimForwardedCrossingBorder ClaimDecisionCrossingBorder CompensationPaymentCrossingBorder ClaimAppealCrossingBorder",
            "IncomingCompensationRequests CompensationAnswersFromPartners", "",
            "ClaimDecisionOverdueHandler", "RemediesFigures"),
        new(new Return::TransnationalReferral.Return.ReturnService(),
            $"{CaseRegister} IdentificationCaseOpenedConsumer InternationalProtectionClaimedConsumer ChildStatusDeterminedConsumer GuardianAppointedConsumer BestInterestsAssessedConsumer TransferConsentRecordedConsumer TransferConsentWithdrawnConsumer ReflectionPeriodEndedConsumer ResidencePermitExpiredConsumer ResidencePermitRefusedConsumer ReflectionPeriodStartedConsumer ReflectionPeriodExtendedConsumer ResidencePermitIssuedConsumer ResidencePermitRenewedConsumer VictimWitnessNamedConsumer VictimWitnessProceedingsClosedConsumer ReceptionRequestedConsumer ReceptionAcknowledgedConsumer ReceptionArrangedConsumer ArrivalConfirmedConsumer",
            "ReceptionRequestCrossingBorder ReceptionAcknowledgementCrossingBorder ReceptionArrangementsCrossingBorder ArrivalCrossingBorder ReintegrationPlanCrossingBorder MonitoringContactHeldCrossingBorder MonitoringContactMissedCrossingBorder ReintegrationClosedCrossingBorder",
            "IncomingReceptionRequests ReceptionAnswersFromPartners", "ReceptionRequestOverdueHandler",
            "MonitoringContactOverdue", "ReturnFigures"),
    ];

    private static IEnumerable<TestCaseData> Cases() =>
        Services.SelectMany(s => new[] { false, true }.Select(partners => new TestCaseData(s, partners).SetArgDisplayNames(s.Service.Name, partners ? "with partners" : "without partners")));

    private static IServiceCollection Register(ReferralService service, bool partners) => ReferralRegistration.Register(service, partners, TestTokens.Settings);

    private static string[] Names(string list) => list.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> Implementations<T>(IServiceCollection services) => services.Where(d => d.ServiceType == typeof(T))
        .Select(d => (d.ImplementationType ?? d.ImplementationInstance?.GetType())?.Name ?? "(factory)");

    [TestCaseSource(nameof(Cases))]
    public void The_bus_runs_the_consumers_Program_listed(Expected expected, bool partners)
    {
        var services = Register(expected.Service, partners);
        var consumers = ReferralRegistration.Consumers(services).Select(c => c.Name);
        var want = Names(expected.Consumers).Concat(partners ? Names(expected.CrossBorderConsumers) : []);
        Assert.That(consumers, Is.EquivalentTo(want));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_cross_border_exchange_and_its_handlers_are_there_only_with_partners(Expected expected, bool partners)
    {
        var services = Register(expected.Service, partners);
        Assert.That(Implementations<ICrossBorderHandler>(services), Is.EqualTo(partners ? Names(expected.CrossBorderHandlers) : []), "in the order they run");
        Assert.That(Implementations<ICrossBorderOverdueHandler>(services), Is.EquivalentTo(partners ? Names(expected.OverdueHandlers) : []));
        Assert.That(services.Any(d => d.ServiceType == typeof(CrossBorderSender)), Is.EqualTo(partners));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_deadline_handlers_and_figures_are_those_Program_listed(Expected expected, bool partners)
    {
        var services = Register(expected.Service, partners);
        Assert.That(Implementations<IDeadlineHandler>(services), Is.EquivalentTo(Names(expected.DeadlineHandlers)));
        Assert.That(Implementations<IOpsFigures>(services), Is.EquivalentTo(Names(expected.Figures)));
    }
}
