using TransnationalReferral.Remedies.Claims;
using TransnationalReferral.Remedies.Integration;

namespace TransnationalReferral.Remedies;

/// <summary>Remedies: a case per victim with its compensation claims and the proceeds of crime returned for victims.</summary>
public sealed class RemediesService() : ReferralService("remedies", new Outgoing())
{
    public override void ConfigureStore(StoreOptions store) => store.QueryableAggregate<RemediesCase>();

    public override void AddServices(IHostApplicationBuilder builder) => builder.Services.AddSingleton<RemediesOptions>();

    public override void MapApi(RouteGroupBuilder api)
    {
        api.MapGroup("/cases").WithTags("Remedies cases").MapCaseList(Title).MapCaseReads<RemediesCase>(Title).MapOwnDataPart<RemediesCase>(Title).MapClaiming().MapProceeds().MapCaseTotals().MapAddingAttachment().MapRedactingAttachment().MapWithdrawingAttachment();
        api.MapRemediesQueries();
    }
}
