using TransnationalReferral.JudicialCooperation.Cases;
using TransnationalReferral.JudicialCooperation.Integration;
using TransnationalReferral.JudicialCooperation.Requests;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Operations;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("judicial");
builder.AddEventStore("judicial", opts =>
{
    opts.QueryableAggregate<CaseFile>();
    opts.QueryableAggregate<JudicialRequest>();
    opts.QueryableAggregate<IncomingProceedsReturn>();
}, new Outgoing());
builder.AddMessageBus("judicial", bus =>
{
    bus.AddCaseRegister();
    bus.AddConsumer<IdentificationCaseOpenedConsumer>();
    bus.AddConsumer<PresumedVictimRecognisedConsumer>();
    bus.AddConsumer<VictimFormallyIdentifiedConsumer>();
    bus.AddConsumer<JudicialRequestSentConsumer>();
    bus.AddConsumer<AcknowledgedConsumer>();
    bus.AddConsumer<ExecutedConsumer>();
    bus.AddConsumer<RefusedConsumer>();
    bus.AddConsumer<ProceedsReturnRequestedConsumer>();
    if (builder.Configuration.GetSection("CrossBorder:Partners").Exists())
    {
        bus.AddConsumer<MutualLegalAssistanceCrossingBorder>();
        bus.AddConsumer<MlaAcknowledgementCrossingBorder>();
        bus.AddConsumer<MlaExecutionCrossingBorder>();
        bus.AddConsumer<MlaTestimonyCrossingBorder>();
        bus.AddConsumer<MlaCompletionCrossingBorder>();
        bus.AddConsumer<MlaRefusalCrossingBorder>();
    }
});
// A node with partners takes their mutual legal assistance requests from its own cross-border inbox.
if (builder.Configuration.GetSection("CrossBorder:Partners").Exists())
{
    builder.AddCrossBorderExchange("judicial");
    builder.Services.AddCrossBorderHandler<IncomingMutualLegalAssistance>();
    builder.Services.AddCrossBorderHandler<MutualLegalAssistanceAnswersFromPartners>();
}
builder.Services.AddSingleton<JudicialOptions>();
builder.Services.AddDeadlines(typeof(ResponseOverdue));

builder.Services.AddOpsFigures<TransnationalReferral.JudicialCooperation.Operations.JudicialFigures>();

var app = builder.Build();
app.UseServiceDefaults();

var api = app.MapGroup("/api/judicial");
api.MapGroup("/cases").WithTags("Cases").MapCaseList("JudicialCooperation").MapCaseReads<CaseFile>("JudicialCooperation", CaseRelations.StreamsAsync).MapCaseDecisions();
api.MapGroup("/requests").WithTags("Requests").MapRequests();
api.MapGroup("/proceeds-returns").WithTags("Proceeds for victims").MapProceedsReturns();
api.MapAuditEndpoints("JudicialCooperation");
api.MapOpsSummary("JudicialCooperation");
if (app.Configuration.GetSection("CrossBorder:Partners").Exists()) api.MapCrossBorderEndpoints("JudicialCooperation");

return app.RunServiceOrCommand(args);
