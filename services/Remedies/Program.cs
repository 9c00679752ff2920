using TransnationalReferral.Remedies.Claims;
using TransnationalReferral.Remedies.Integration;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Operations;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("remedies");
builder.AddEventStore("remedies", opts => opts.QueryableAggregate<RemediesCase>(), new Outgoing());
builder.AddMessageBus("remedies", bus =>
{
    bus.AddCaseRegister();
    bus.AddConsumer<IdentificationCaseOpenedConsumer>();
    bus.AddConsumer<AssetFrozenConsumer>();
    bus.AddConsumer<AssetConfiscatedConsumer>();
    bus.AddConsumer<AssetDisposedConsumer>();
    bus.AddConsumer<ProceedsReturnAnsweredConsumer>();
    bus.AddConsumer<ReturnDepartedConsumer>();
    bus.AddConsumer<ResidencePermitExpiredConsumer>();
    bus.AddConsumer<ResidencePermitRefusedConsumer>();
    bus.AddConsumer<TransferConsentRecordedConsumer>();
    bus.AddConsumer<TransferConsentWithdrawnConsumer>();
    bus.AddConsumer<InternationalProtectionClaimedConsumer>();
    if (builder.Configuration.GetSection("CrossBorder:Partners").Exists())
    {
        bus.AddConsumer<ClaimForwardedCrossingBorder>();
        bus.AddConsumer<ClaimDecisionCrossingBorder>();
        bus.AddConsumer<CompensationPaymentCrossingBorder>();
        bus.AddConsumer<ClaimAppealCrossingBorder>();
    }
});
// A node with partners takes the claims they forward for it to decide from its own cross-border inbox.
if (builder.Configuration.GetSection("CrossBorder:Partners").Exists())
{
    builder.AddCrossBorderExchange("remedies");
    builder.Services.AddCrossBorderHandler<IncomingCompensationRequests>();
    builder.Services.AddCrossBorderHandler<CompensationAnswersFromPartners>();
}
builder.Services.AddSingleton<RemediesOptions>();
builder.Services.AddDeadlines(typeof(ClaimDecisionOverdueHandler));

builder.Services.AddOpsFigures<TransnationalReferral.Remedies.Operations.RemediesFigures>();

var app = builder.Build();
app.UseServiceDefaults();

var api = app.MapGroup("/api/remedies");
api.MapGroup("/cases").WithTags("Remedies cases").MapCaseList("Remedies").MapCaseReads<RemediesCase>("Remedies").MapClaiming().MapProceeds().MapCaseTotals();
api.MapRemediesQueries();
api.MapAuditEndpoints("Remedies");
api.MapOpsSummary("Remedies");
if (app.Configuration.GetSection("CrossBorder:Partners").Exists()) api.MapCrossBorderEndpoints("Remedies");

return app.RunServiceOrCommand(args);
