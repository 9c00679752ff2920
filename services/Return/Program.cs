using TransnationalReferral.Return.Cases;
using TransnationalReferral.Return.Integration;
using TransnationalReferral.Return.Reintegration;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Operations;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("return");
builder.AddEventStore("return_reintegration", opts =>
{
    opts.QueryableAggregate<ReturnCase>();
    opts.QueryableAggregate<IncomingReturn>();
}, new Outgoing());
builder.AddMessageBus("return", bus =>
{
    bus.AddCaseRegister();
    bus.AddConsumer<IdentificationCaseOpenedConsumer>();
    bus.AddConsumer<InternationalProtectionClaimedConsumer>();
    bus.AddConsumer<ChildStatusDeterminedConsumer>();
    bus.AddConsumer<GuardianAppointedConsumer>();
    bus.AddConsumer<BestInterestsAssessedConsumer>();
    bus.AddConsumer<TransferConsentRecordedConsumer>();
    bus.AddConsumer<TransferConsentWithdrawnConsumer>();
    bus.AddConsumer<ReflectionPeriodEndedConsumer>();
    bus.AddConsumer<ResidencePermitExpiredConsumer>();
    bus.AddConsumer<ResidencePermitRefusedConsumer>();
    bus.AddConsumer<ReceptionRequestedConsumer>();
    bus.AddConsumer<ReceptionAcknowledgedConsumer>();
    bus.AddConsumer<ReceptionArrangedConsumer>();
    bus.AddConsumer<ArrivalConfirmedConsumer>();
    if (builder.Configuration.GetSection("CrossBorder:Partners").Exists())
    {
        bus.AddConsumer<ReceptionRequestCrossingBorder>();
        bus.AddConsumer<ReceptionAcknowledgementCrossingBorder>();
        bus.AddConsumer<ReceptionArrangementsCrossingBorder>();
        bus.AddConsumer<ArrivalCrossingBorder>();
        bus.AddConsumer<ReintegrationPlanCrossingBorder>();
        bus.AddConsumer<MonitoringContactHeldCrossingBorder>();
        bus.AddConsumer<MonitoringContactMissedCrossingBorder>();
        bus.AddConsumer<ReintegrationClosedCrossingBorder>();
    }
});
// A node with partners exchanges across borders: its reception requests leave signed through the gates, and partners' arrive here.
if (builder.Configuration.GetSection("CrossBorder:Partners").Exists())
{
    builder.AddCrossBorderExchange();
    builder.Services.AddCrossBorderHandler<IncomingReceptionRequests>();
    builder.Services.AddCrossBorderHandler<ReceptionAnswersFromPartners>();
    builder.Services.AddCrossBorderOverdueHandler<ReceptionRequestOverdueHandler>();
}
builder.Services.AddSingleton<ReturnOptions>();
builder.Services.AddDeadlines(typeof(MonitoringContactOverdue));

builder.Services.AddOpsFigures<TransnationalReferral.Return.Operations.ReturnFigures>();

var app = builder.Build();
app.UseServiceDefaults();

var api = app.MapGroup("/api/return");
api.MapGroup("/cases").WithTags("Return cases").MapCaseList("Return").MapCaseReads<ReturnCase>("Return", CaseRelations.StreamsAsync).MapPreparingReturn().MapCoordinatingReturn();
api.MapGroup("/returns").WithTags("Return cases").MapReturnList();
api.MapGroup("/incoming").WithTags("Reception and reintegration").MapReintegrating();
api.MapGroup("/monitoring").WithTags("Reception and reintegration").MapMonitoring();
api.MapAuditEndpoints("Return");
api.MapOpsSummary("Return");
if (app.Configuration.GetSection("CrossBorder:Partners").Exists()) api.MapCrossBorderEndpoints("Return");

return app.RunServiceOrCommand(args);
