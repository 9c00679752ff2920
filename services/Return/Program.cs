using TransnationalReferral.Return;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.EventStore;

var builder = WebApplication.CreateBuilder(args);
builder.AddReferralService(new ReturnService());
var app = builder.Build();
app.UseReferralService();
return app.RunServiceOrCommand(args);
