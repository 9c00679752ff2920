using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;

// The Remedies service starts with the register of cases Identification opened (jurisdiction and child status,
// no personal data); its own decisions arrive with its issue.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("remedies");
builder.AddEventStore("remedies", _ => { });
builder.AddMessageBus("remedies", bus => bus.AddConsumer<CaseRegisterConsumer>());

var app = builder.Build();
app.UseServiceDefaults();
app.MapGroup("/api/remedies").WithTags("Cases").MapCaseRegister();

app.Run();
