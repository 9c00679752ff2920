using JasperFx.Events.Projections;
using TransnationalReferral.Identification.Cases;
using TransnationalReferral.Identification.Integration;
using TransnationalReferral.Identification.Vault;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;
using TransnationalReferral.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identification");
builder.AddEventStore("identification", opts =>
{
    opts.LiveAggregate<IdentificationCase>();
    opts.Projections.Add(new RegisteredCaseProjection(), ProjectionLifecycle.Inline);
    opts.Schema.For<VaultRecord>();
}, new Outgoing());
builder.AddMessageBus("identification");
builder.Services.AddSingleton<IKeyProvider, ConfiguredKeyProvider>();
builder.Services.AddSingleton<PersonalDataVault>();

var app = builder.Build();
app.Services.GetRequiredService<IKeyProvider>(); // no vault master key, no start: fail now, not at the first read
app.UseServiceDefaults();

var api = app.MapGroup("/api/identification");
var cases = api.MapGroup("/cases").WithTags("Cases");
cases.MapOpenCase();
cases.MapCaseList("Identification");
cases.MapCaseReads<IdentificationCase>("Identification");
cases.MapRecordInformationOnRights();
cases.MapRecordingConsent();
cases.MapSharingCase();
cases.MapPlacingLegalHold();
cases.MapRecordingPersonalData();
cases.MapReadingPersonalData();
cases.MapErasingPersonalData();
api.MapAccessLog();

app.Run();
