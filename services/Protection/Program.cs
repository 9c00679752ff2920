using TransnationalReferral.Protection.Cases;
using TransnationalReferral.Protection.Integration;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("protection");
builder.AddEventStore("protection", opts => opts.LiveAggregate<ProtectionCase>(), new Outgoing());
builder.AddMessageBus("protection", bus =>
{
    bus.AddCaseRegister();
    bus.AddConsumer<IdentificationCaseOpenedConsumer>();
    bus.AddConsumer<PresumedVictimRecognisedConsumer>();
    bus.AddConsumer<CooperationStatusChangedConsumer>();
    bus.AddConsumer<ConsentRecordedConsumer>();
    bus.AddConsumer<ConsentWithdrawnConsumer>();
});

builder.Services.AddDeadlines(typeof(ResidencePermitExpiry));

var app = builder.Build();
app.UseServiceDefaults();

var api = app.MapGroup("/api/protection");
api.MapGroup("/cases").WithTags("Cases").MapCaseList("Protection").MapCaseReads<ProtectionCase>("Protection").MapAssessingNeedsAndRisks().MapTrackingResidenceStatus().MapReferring();
api.MapAccessLog();

app.Run();
