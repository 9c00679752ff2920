using Marten;
using TransnationalReferral.JudicialCooperation.Cases;
using TransnationalReferral.JudicialCooperation.Integration;
using TransnationalReferral.JudicialCooperation.Requests;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.JudicialCooperation;

/// <summary>What is specific to judicial cooperation; consumers, cross-border handlers, deadlines and figures are found by convention.</summary>
public sealed class JudicialCooperationService : ReferralService
{
    public override string Name => "judicial";
    public override IOutgoingMap Outgoing => new Outgoing();

    public override void ConfigureStore(StoreOptions store)
    {
        store.QueryableAggregate<CaseFile>();
        store.QueryableAggregate<JudicialRequest>();
        store.QueryableAggregate<IncomingProceedsReturn>();
    }

    public override void AddServices(IHostApplicationBuilder builder) => builder.Services.AddSingleton<JudicialOptions>();

    public override void MapApi(RouteGroupBuilder api)
    {
        api.MapGroup("/cases").WithTags("Cases").MapCaseList(Title).MapCaseReads<CaseFile>(Title, CaseRelations.StreamsAsync).MapCaseDecisions();
        api.MapGroup("/requests").WithTags("Requests").MapRequests();
        api.MapGroup("/proceeds-returns").WithTags("Proceeds for victims").MapProceedsReturns();
    }
}
