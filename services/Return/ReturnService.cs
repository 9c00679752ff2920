using Marten;
using TransnationalReferral.Return.Cases;
using TransnationalReferral.Return.Integration;
using TransnationalReferral.Return.Reintegration;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.Return;

/// <summary>What is specific to Return; consumers, cross-border handlers, deadlines and figures are found by convention.</summary>
public sealed class ReturnService : ReferralService
{
    public override string Name => "return";
    public override string Schema => "return_reintegration";
    public override IOutgoingMap Outgoing => new Outgoing();

    public override void ConfigureStore(StoreOptions store)
    {
        store.QueryableAggregate<ReturnCase>();
        store.QueryableAggregate<IncomingReturn>();
    }

    public override void AddServices(IHostApplicationBuilder builder) => builder.Services.AddSingleton<ReturnOptions>();

    public override void MapApi(RouteGroupBuilder api)
    {
        api.MapGroup("/cases").WithTags("Return cases").MapCaseList(Title).MapCaseReads<ReturnCase>(Title, CaseRelations.StreamsAsync).MapPreparingReturn().MapCoordinatingReturn();
        api.MapGroup("/returns").WithTags("Return cases").MapReturnList();
        api.MapGroup("/incoming").WithTags("Reception and reintegration").MapReintegrating();
        api.MapGroup("/monitoring").WithTags("Reception and reintegration").MapMonitoring();
    }
}
