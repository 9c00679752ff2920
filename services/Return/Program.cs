using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;

// The Return service starts with the register of cases Identification opened (jurisdiction and child status,
// no personal data); its own decisions arrive with its issue.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("return");
builder.AddEventStore("return_reintegration", _ => { });
builder.AddMessageBus("return", bus => bus.AddConsumer<CaseRegisterConsumer>());

var app = builder.Build();
app.UseServiceDefaults();
app.MapGroup("/api/return").WithTags("Cases").MapCaseRegister();

app.Run();
