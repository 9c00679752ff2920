using TransnationalReferral.Protection.Cases;
using TransnationalReferral.Protection.Integration;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("protection");
builder.AddEventStore("protection", opts => opts.LiveAggregate<ProtectionCase>(), new Outgoing());
builder.AddMessageBus("protection", bus => bus.AddConsumer<IdentificationCaseOpenedConsumer>());

var app = builder.Build();
app.UseServiceDefaults();

var cases = app.MapGroup("/api/protection/cases").WithTags("Cases");
cases.MapCaseReads<ProtectionCase>("Protection");

app.Run();
