using TransnationalReferral.Protection.Cases;
using TransnationalReferral.Protection.Incoming;
using TransnationalReferral.Protection.Integration;
using TransnationalReferral.Protection.Providers;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Operations;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("protection");
builder.AddEventStore("protection", opts =>
{
    opts.QueryableAggregate<ProtectionCase>();
    opts.QueryableAggregate<IncomingProtectionRequest>();
    opts.Projections.Add(new ReferralRecordProjection(), JasperFx.Events.Projections.ProjectionLifecycle.Inline);
    opts.Schema.For<Provider>().Index(p => p.Jurisdiction);
}, new Outgoing());
var crossBorder = builder.Configuration.GetSection("CrossBorder:Partners").Exists();
builder.AddMessageBus("protection", bus =>
{
    bus.AddCaseRegister();
    bus.AddConsumer<IdentificationCaseOpenedConsumer>();
    bus.AddConsumer<PresumedVictimRecognisedConsumer>();
    bus.AddConsumer<CooperationStatusChangedConsumer>();
    bus.AddConsumer<ConsentRecordedConsumer>();
    bus.AddConsumer<ConsentWithdrawnConsumer>();
    bus.AddConsumer<ChildStatusDeterminedConsumer>();
    bus.AddConsumer<GuardianAppointedConsumer>();
    bus.AddConsumer<BestInterestsAssessedConsumer>();
    bus.AddConsumer<ReflectionPeriodStartedConsumer>();
    bus.AddConsumer<ReflectionPeriodExtendedConsumer>();
    bus.AddConsumer<ReflectionPeriodEndedConsumer>();
    bus.AddConsumer<InternationalProtectionClaimedConsumer>();
    if (crossBorder)
    {
        bus.AddConsumer<RelocationRequestCrossingBorder>();
        bus.AddConsumer<ContinuityRequestCrossingBorder>();
        bus.AddConsumer<PartnerRequestAnswerCrossingBorder>();
    }
});
// A node with partners exchanges witness relocation and protection continuity across borders: its requests leave signed through the gates, partners' arrive here.
if (crossBorder)
{
    builder.AddCrossBorderExchange("protection");
    builder.Services.AddCrossBorderHandler<IncomingProtectionRequests>();
    builder.Services.AddCrossBorderHandler<ProtectionAnswersFromPartners>();
    builder.Services.AddCrossBorderOverdueHandler<ProtectionRequestOverdueHandler>();
}
builder.Services.AddDeadlines(typeof(ResidencePermitExpiry), typeof(ReferralResponseOverdue), typeof(SupportPlanReviewDue));

builder.Services.AddOpsFigures<TransnationalReferral.Protection.Operations.ProtectionFigures>();
builder.Services.AddOpsDuration(TransnationalReferral.Protection.Operations.ProtectionFigures.ReferralToAnswer, "Time from a referral to the provider's answer", TransnationalReferral.ServiceDefaults.Operations.OpsMetrics.Hours);

var app = builder.Build();
app.UseServiceDefaults();

var api = app.MapGroup("/api/protection");
api.MapGroup("/cases").WithTags("Cases").MapCaseList("Protection").MapCaseReads<ProtectionCase>("Protection")
    .MapAssessingNeedsAndRisks().MapSafetyPlanning().MapReferring().MapShelterMatching().MapTrackingResidenceStatus()
    .MapProtectingWitnesses().MapContinuingProtection().MapSupportingLongTerm();
api.MapGroup("/incoming-requests").WithTags("Partners' protection requests").MapAnsweringPartnerRequests();
api.MapGroup("/referrals").WithTags("Referrals").MapReferralInbox();
api.MapGroup("/providers").WithTags("Service providers").MapProviderCatalogue();
api.MapGroup("/residence-permits").WithTags("Residence permits").MapExpiringPermits();
if (crossBorder) api.MapCrossBorderEndpoints("Protection");
api.MapAuditEndpoints("Protection");
api.MapOpsSummary("Protection");

return app.RunServiceOrCommand(args);
