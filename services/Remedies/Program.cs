using TransnationalReferral.Remedies;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.EventStore;

var builder = WebApplication.CreateBuilder(args);
builder.AddReferralService(new RemediesService());
var app = builder.Build();
app.UseReferralService();
return app.RunServiceOrCommand(args);
