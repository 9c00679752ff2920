using JasperFx.Events.Projections;
using TransnationalReferral.Identification.Assistance;
using TransnationalReferral.Identification.Cases;
using TransnationalReferral.Identification.Indicators;
using TransnationalReferral.Identification.Integration;
using TransnationalReferral.Identification.Operations;
using TransnationalReferral.ServiceDefaults.Operations;
using TransnationalReferral.Identification.Vault;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identification");
builder.AddEventStore("identification", opts =>
{
    opts.QueryableAggregate<IdentificationCase>();
    opts.QueryableAggregate<IncomingAssistanceRequest>();
    opts.Projections.Add(new RegisteredCaseProjection(), ProjectionLifecycle.Inline);
    opts.Schema.For<RegisteredCase>().Index(c => c.VictimId);        // every case of a person (vault, links, erasure)
    opts.Schema.For<IdentificationCase>().Index(c => c.VictimId);
    opts.Schema.For<VaultRecord>();
}, new Outgoing());
var crossBorder = builder.Configuration.GetSection("CrossBorder:Partners").Exists();
builder.AddMessageBus("identification", bus =>
{
    bus.AddConsumer<IdentificationAssistanceAnsweredConsumer>();
    if (crossBorder)
    {
        bus.AddConsumer<AssistanceRequestCrossingBorder>();
        bus.AddConsumer<AssistanceAnswerCrossingBorder>();
    }
});
// A node with partners exchanges identification assistance across borders: its requests leave signed through the gates, partners' arrive here.
if (crossBorder)
{
    builder.AddCrossBorderExchange("identification");
    builder.Services.AddCrossBorderHandler<IncomingAssistanceRequests>();
    builder.Services.AddCrossBorderHandler<AssistanceAnswersFromPartners>();
}
builder.Services.AddSingleton<PersonalDataVault>();
builder.Services.AddSingleton(IndicatorCatalogue.Shipped());
builder.Services.AddOptions<IdentificationOptions>().BindConfiguration("Identification")
    .Validate(o => o.ReflectionPeriodDays >= IdentificationOptions.MinimumReflectionPeriodDays,
        "Identification:ReflectionPeriodDays must be at least 30: a recovery and reflection period is never shorter (CETS 197 art. 13).")
    .Validate(o => o.ReflectionPeriodWarningDays > 0 && o.ReflectionPeriodWarningDays < o.ReflectionPeriodDays, "Identification:ReflectionPeriodWarningDays must fall within the period.")
    .ValidateOnStart();
builder.Services.AddSingleton<IDeadlineHandler>(new ReflectionPeriodDeadlines(RecognisingPresumedVictim.WarningDeadline));
builder.Services.AddSingleton<IDeadlineHandler>(new ReflectionPeriodDeadlines(RecognisingPresumedVictim.ExpiryDeadline));
builder.Services.AddSingleton<IDeadlineHandler, IdentificationAssistanceDeadline>();
builder.Services.AddDeadlines();
builder.Services.AddOpsFigures<IdentificationFigures>();
builder.Services.AddOpsDuration(IdentificationFigures.SignalToReasonableGrounds, "Time from the signal (case opened) to the reasonable-grounds decision", OpsMetrics.Days);

var app = builder.Build();
app.UseServiceDefaults();

var api = app.MapGroup("/api/identification");
var cases = api.MapGroup("/cases").WithTags("Cases");
cases.MapOpenCase();
cases.MapCaseList("Identification");
cases.MapSearchingCases();
cases.MapCaseReads<IdentificationCase>("Identification");
cases.MapRecordInformationOnRights();
cases.MapRecognisingPresumedVictim();
cases.MapChangingReflectionPeriod();
cases.MapDecidingConclusiveGrounds();
cases.MapProtectingChildren();
cases.MapClaimingInternationalProtection();
cases.MapRequestingIdentificationAssistance();
cases.MapRecordingConsent();
cases.MapSharingCase();
cases.MapPlacingLegalHold();
cases.MapRecordingPersonalData();
cases.MapReadingPersonalData();
cases.MapErasingPersonalData();
api.MapScreeningIndicators();
api.MapGroup("/assistance-requests").WithTags("Identification assistance").MapAnsweringIdentificationAssistance();
if (crossBorder) api.MapCrossBorderEndpoints("Identification");
api.MapAuditEndpoints("Identification");
api.MapOpsSummary("Identification");
api.MapStatisticsExport();

return app.RunServiceOrCommand(args);
