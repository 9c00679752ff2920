using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

// The Return service starts with the register of cases Identification opened and shared (jurisdiction,
// holding organisation, child status, share grants; no personal data); its own decisions arrive with its issue.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("return");
builder.AddEventStore("return_reintegration", _ => { });
builder.AddMessageBus("return", bus => bus.AddCaseRegister());

var app = builder.Build();
app.UseServiceDefaults();
var api = app.MapGroup("/api/return");
api.MapGroup("/cases").WithTags("Cases").MapCaseList("Return").MapRegisteredCase("Return");
api.MapAccessLog();

app.Run();
