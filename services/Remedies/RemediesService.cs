using Marten;
using TransnationalReferral.Remedies.Claims;
using TransnationalReferral.Remedies.Integration;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.Remedies;

/// <summary>What is specific to Remedies; consumers, cross-border handlers, deadlines and figures are found by convention.</summary>
public sealed class RemediesService : ReferralService
{
    public override string Name => "remedies";
    public override IOutgoingMap Outgoing => new Outgoing();

    public override void ConfigureStore(StoreOptions store) => store.QueryableAggregate<RemediesCase>();

    public override void AddServices(IHostApplicationBuilder builder) => builder.Services.AddSingleton<RemediesOptions>();

    public override void MapApi(RouteGroupBuilder api)
    {
        api.MapGroup("/cases").WithTags("Remedies cases").MapCaseList(Title).MapCaseReads<RemediesCase>(Title).MapClaiming().MapProceeds().MapCaseTotals();
        api.MapRemediesQueries();
    }
}
