using TransnationalReferral.Identification.Cases;
using TransnationalReferral.Identification.Integration;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identification");
builder.AddEventStore("identification", opts => opts.LiveAggregate<IdentificationCase>(), new Outgoing());
builder.AddMessageBus("identification");

var app = builder.Build();
app.UseServiceDefaults();

var cases = app.MapGroup("/api/identification/cases").WithTags("Cases");
cases.MapOpenCase();
cases.MapRecordInformationOnRights();
cases.MapCaseReads<IdentificationCase>("Identification");

app.Run();
