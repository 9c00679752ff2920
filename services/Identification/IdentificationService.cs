using Microsoft.Extensions.DependencyInjection.Extensions;
using JasperFx.Events.Projections;
using TransnationalReferral.Identification.Assistance;
using TransnationalReferral.Identification.Indicators;
using TransnationalReferral.Identification.Integration;
using TransnationalReferral.Identification.Notifications;
using TransnationalReferral.Identification.Operations;
using TransnationalReferral.Identification.Vault;
using TransnationalReferral.ServiceDefaults.Operations;

namespace TransnationalReferral.Identification;

/// <summary>Identification: the case from the signal to conclusive grounds, the personal data vault and the case register.</summary>
public sealed class IdentificationService() : ReferralService("identification", new Outgoing())
{
    /// <summary>Identification projects the case register from its own streams (<see cref="RegisteredCaseProjection"/>).</summary>
    public override bool KeepsCaseRegisterFromBus => false;

    public override void ConfigureStore(StoreOptions store)
    {
        store.QueryableAggregate<IdentificationCase>();
        store.QueryableAggregate<IncomingAssistanceRequest>();
        store.Projections.Add(new RegisteredCaseProjection(), ProjectionLifecycle.Inline);
        store.Schema.For<RegisteredCase>().Index(c => c.VictimId);        // every case of a person (vault, links, erasure)
        store.Schema.For<IdentificationCase>().Index(c => c.VictimId);
        store.Schema.For<VaultRecord>();
        store.Schema.For<IdentityMatchKey>().Index(k => k.Key).Index(k => k.VictimId);   // the match index (keyed hashes, never in an event)
        store.Schema.For<IdentityMatchIndexed>();
        store.StoreNotifications();
    }

    public override void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PersonalDataVault>();
        builder.Services.TryAddSingleton<BilateralIdentityKeys>();   // (also registered with the cross-border exchange)
        builder.Services.AddSingleton<IdentityMatchIndex>();
        builder.AddNotifications();
        builder.Services.AddSingleton(IndicatorCatalogue.Shipped());
        builder.Services.AddOptions<IdentificationOptions>().BindConfiguration("Identification")
            .Validate(o => o.ReflectionPeriodDays >= IdentificationOptions.MinimumReflectionPeriodDays,
                "Identification:ReflectionPeriodDays must be at least 30: a recovery and reflection period is never shorter (CETS 197 art. 13).")
            .Validate(o => o.ReflectionPeriodWarningDays > 0 && o.ReflectionPeriodWarningDays < o.ReflectionPeriodDays, "Identification:ReflectionPeriodWarningDays must fall within the period.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IDeadlineHandler>(new ReflectionPeriodDeadlines(RecognisingPresumedVictim.WarningDeadline));
        builder.Services.AddSingleton<IDeadlineHandler>(new ReflectionPeriodDeadlines(RecognisingPresumedVictim.ExpiryDeadline));
        builder.Services.AddOpsDuration(IdentificationFigures.SignalToReasonableGrounds, "Time from the signal (case opened) to the reasonable-grounds decision", OpsMetrics.Days);
    }

    public override void MapApi(RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapOpenCase();
        cases.MapCaseList(Title);
        cases.MapSearchingCases();
        cases.MapCaseReads<IdentificationCase>(Title);
        cases.MapRecordInformationOnRights();
        cases.MapRecognisingPresumedVictim();
        cases.MapExtendingReflectionPeriod();
        cases.MapEndingReflectionPeriodEarly();
        cases.MapDecidingConclusiveGrounds();
        cases.MapRequestingReconsideration();
        cases.MapRecordingAgeAssessment();
        cases.MapAppointingGuardian();
        cases.MapAssessingBestInterests();
        cases.MapClaimingInternationalProtection();
        cases.MapRequestingIdentificationAssistance();
        cases.MapRecordingConsent();
        cases.MapWithdrawingConsent();
        cases.MapSharingCase();
        cases.MapRevokingShare();
        cases.MapPlacingLegalHold();
        cases.MapLiftingLegalHold();
        cases.MapRecordingPersonalData();
        cases.MapReadingPersonalData();
        cases.MapErasingPersonalData();
        cases.MapRecordingFamilyMember();
        cases.MapAddingAttachment().MapRedactingAttachment().MapWithdrawingAttachment();
        cases.MapReassessingFamilyMember();
        cases.MapRecordingOwnDataRequest().MapAnsweringOwnDataRequest(); cases.MapExportingOwnData();
        api.MapScreeningIndicators();
        api.MapGroup("/assistance-requests").WithTags("Identification assistance").Names("assistance request").MapAnsweringIdentificationAssistance();
        api.MapStatisticsExport();
        api.MapNotifications();
    }
}
