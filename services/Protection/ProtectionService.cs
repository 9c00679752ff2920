using JasperFx.Events.Projections;
using TransnationalReferral.Protection.Incoming;
using TransnationalReferral.Protection.Integration;
using TransnationalReferral.Protection.Operations;
using TransnationalReferral.Protection.Providers;
using TransnationalReferral.ServiceDefaults.Operations;

namespace TransnationalReferral.Protection;

/// <summary>Protection: needs, safety plans, referrals to providers, residence status, witness and continued protection.</summary>
public sealed class ProtectionService() : ReferralService("protection", new Outgoing())
{
    public override void ConfigureStore(StoreOptions store)
    {
        store.QueryableAggregate<ProtectionCase>();
        store.QueryableAggregate<IncomingProtectionRequest>();
        store.Projections.Add(new ReferralRecordProjection(), ProjectionLifecycle.Inline);
        store.Schema.For<Provider>().Index(p => p.Jurisdiction);
    }

    public override void AddServices(IHostApplicationBuilder builder) =>
        builder.Services.AddOpsDuration(ProtectionFigures.ReferralToAnswer, "Time from a referral to the provider's answer", OpsMetrics.Hours)
            .AddOpsDuration(ProtectionFigures.SignalToFirstPlacement, "Time from the signal (case opened) to the person's first placement in a safe place", ProtectionFigures.PlacementBuckets);

    public override void MapApi(RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases").MapCaseList(Title).MapCaseReads<ProtectionCase>(Title).MapOwnDataPart<ProtectionCase>(Title);
        cases.MapAssessingNeeds();
        cases.MapAssessingRisk();
        cases.MapSafetyPlanning();
        cases.MapReferring();
        cases.MapRecordingEmergencyAssistance();
        cases.MapReferringInEmergency();
        cases.MapShelterMatching();
        cases.MapTrackingResidenceStatus();
        cases.MapGrantingWitnessProtection();
        cases.MapEndingWitnessProtection();
        cases.MapRequestingRelocation();
        cases.MapContinuingProtection();
        cases.MapAgreeingSupportPlan();
        cases.MapReviewingSupportPlan();
        cases.MapClosingProtectionCase();
        cases.MapReopeningProtectionCase();
        cases.MapAddingAttachment().MapRedactingAttachment().MapWithdrawingAttachment();

        var incoming = api.MapGroup("/incoming-requests").WithTags("Partners' protection requests").Names("partner's request").MapAnsweringPartnerRequests();
        incoming.MapAcceptingPartnerRequest();
        incoming.MapDecliningPartnerRequest();
        incoming.MapReportingRelocationArranged();

        var referrals = api.MapGroup("/referrals").WithTags("Referrals").Names("referral").MapReferralInbox();
        referrals.MapAnsweringReferral();
        referrals.MapStartingReferral();
        referrals.MapConcludingReferral();

        api.MapGroup("/providers").WithTags("Service providers").MapProviderCatalogue();
        api.MapGroup("/residence-permits").WithTags("Residence permits").MapExpiringPermits();
    }
}
