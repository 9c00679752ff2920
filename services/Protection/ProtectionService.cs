using JasperFx.Events.Projections;
using Marten;
using TransnationalReferral.Protection.Cases;
using TransnationalReferral.Protection.Incoming;
using TransnationalReferral.Protection.Integration;
using TransnationalReferral.Protection.Operations;
using TransnationalReferral.Protection.Providers;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Operations;

namespace TransnationalReferral.Protection;

/// <summary>What is specific to Protection; consumers, cross-border handlers, deadlines and figures are found by convention.</summary>
public sealed class ProtectionService : ReferralService
{
    public override string Name => "protection";
    public override IOutgoingMap Outgoing => new Outgoing();

    public override void ConfigureStore(StoreOptions store)
    {
        store.QueryableAggregate<ProtectionCase>();
        store.QueryableAggregate<IncomingProtectionRequest>();
        store.Projections.Add(new ReferralRecordProjection(), ProjectionLifecycle.Inline);
        store.Schema.For<Provider>().Index(p => p.Jurisdiction);
    }

    public override void AddServices(IHostApplicationBuilder builder) =>
        builder.Services.AddOpsDuration(ProtectionFigures.ReferralToAnswer, "Time from a referral to the provider's answer", OpsMetrics.Hours);

    public override void MapApi(RouteGroupBuilder api)
    {
        api.MapGroup("/cases").WithTags("Cases").MapCaseList(Title).MapCaseReads<ProtectionCase>(Title)
            .MapAssessingNeedsAndRisks().MapSafetyPlanning().MapReferring().MapShelterMatching().MapTrackingResidenceStatus()
            .MapProtectingWitnesses().MapContinuingProtection().MapSupportingLongTerm();
        api.MapGroup("/incoming-requests").WithTags("Partners' protection requests").MapAnsweringPartnerRequests();
        api.MapGroup("/referrals").WithTags("Referrals").MapReferralInbox();
        api.MapGroup("/providers").WithTags("Service providers").MapProviderCatalogue();
        api.MapGroup("/residence-permits").WithTags("Residence permits").MapExpiringPermits();
    }
}
