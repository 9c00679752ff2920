using TransnationalReferral.JudicialCooperation.Integration;

namespace TransnationalReferral.JudicialCooperation;

/// <summary>Judicial cooperation: the case file, mutual legal assistance requests sent and received, and proceeds returned.</summary>
public sealed class JudicialCooperationService() : ReferralService("judicial", new Outgoing())
{
    public override void ConfigureStore(StoreOptions store)
    {
        store.QueryableAggregate<CaseFile>();
        store.QueryableAggregate<JudicialRequest>();
        store.QueryableAggregate<IncomingProceedsReturn>();
        store.QueryableAggregate<ReceivedInformation>();
    }

    public override void AddServices(IHostApplicationBuilder builder) => builder.Services.AddSingleton<JudicialOptions>();

    public override void MapApi(RouteGroupBuilder api)
    {
        api.MapGroup("/cases").WithTags("Cases").MapCaseList(Title).MapCaseReads<CaseFile>(Title, CaseRelations.StreamsAsync).MapOwnDataPart<CaseFile>(Title, CaseRelations.StreamsAsync).MapCaseDecisions();
        api.MapGroup("/requests").WithTags("Requests").Names("request").MapRequests();
        api.MapGroup("/proceeds-returns").WithTags("Proceeds for victims").Names("proceeds-return request").MapProceedsReturns();
        api.MapGroup("/received-information").WithTags("Requests").Names("received information").MapReceivedInformation();
    }
}
