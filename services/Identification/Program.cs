using TransnationalReferral.Identification;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.EventStore;

var builder = WebApplication.CreateBuilder(args);
builder.AddReferralService(new IdentificationService());
var app = builder.Build();
app.UseReferralService();
return app.RunServiceOrCommand(args);
