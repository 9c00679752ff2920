using TransnationalReferral.Return.Cases;
using TransnationalReferral.Return.Integration;
using TransnationalReferral.Return.Reintegration;

namespace TransnationalReferral.Return;

/// <summary>Return: the return case prepared here and, at the other end, the reception, reintegration plan and monitoring.</summary>
public sealed class ReturnService() : ReferralService("return", new Outgoing(), schema: "return_reintegration")
{
    public override void ConfigureStore(StoreOptions store)
    {
        store.QueryableAggregate<ReturnCase>();
        store.QueryableAggregate<IncomingReturn>();
    }

    public override void AddServices(IHostApplicationBuilder builder) => builder.Services.AddSingleton<ReturnOptions>();

    public override void MapApi(RouteGroupBuilder api)
    {
        api.MapGroup("/cases").WithTags("Return cases").MapCaseList(Title).MapCaseReads<ReturnCase>(Title, CaseRelations.StreamsAsync).MapOwnDataPart<ReturnCase>(Title, CaseRelations.StreamsAsync).MapPreparingReturn().MapCoordinatingReturn().MapAddingAttachment().MapRedactingAttachment().MapWithdrawingAttachment();
        api.MapGroup("/returns").WithTags("Return cases").MapReturnList();
        api.MapGroup("/incoming").WithTags("Reception and reintegration").Names("incoming return").MapReintegrating();
        api.MapGroup("/monitoring").WithTags("Reception and reintegration").MapMonitoring();
    }
}
