using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

// The JudicialCooperation service starts with the register of cases Identification opened and shared (jurisdiction,
// holding organisation, child status, share grants; no personal data); its own decisions arrive with its issue.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("judicial");
builder.AddEventStore("judicial", _ => { });
builder.AddMessageBus("judicial", bus => bus.AddCaseRegister());

var app = builder.Build();
app.UseServiceDefaults();
var api = app.MapGroup("/api/judicial");
api.MapGroup("/cases").WithTags("Cases").MapCaseList("JudicialCooperation").MapRegisteredCase("JudicialCooperation");
api.MapAccessLog();

app.Run();
