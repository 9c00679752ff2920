using TransnationalReferral.Remedies.Claims;
using TransnationalReferral.ServiceDefaults.Operations;
using G = TransnationalReferral.ServiceDefaults.Operations.Gauges;

namespace TransnationalReferral.Remedies.Operations;

/// <summary>
/// Remedies' figures: claims by stage; compensation awarded, paid and outstanding by currency (never summed across
/// currencies; awarded = paid + outstanding); claims whose deciding body is past its time limit.
/// </summary>
public sealed class RemediesFigures : IOpsFigures
{
    public static readonly GaugeDefinition Claims = new("trm.claims", "Claims by stage and type");
    public static readonly GaugeDefinition Compensation = new("trm.compensation_amount", "Compensation by ISO 4217 currency: state=awarded, paid, outstanding (awarded = paid + outstanding)");

    public IReadOnlyList<GaugeDefinition> Gauges { get; } = [Claims, Compensation, G.OverdueOf("claim-decision")];

    public async Task<OpsReading> ReadAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        var files = await session.Query<RemediesCase>().Where(c => c.Claims != null).Select(c => new { c.Id, c.Jurisdiction, c.Claims }).ToListAsync(ct);
        var claims = files.SelectMany(f => (f.Claims ?? []).Select(c => (File: f, Claim: c))).ToList();
        var figures = G.Count(Claims.Name, claims, c => [("stage", Codes.Of(c.Claim.Stage)), ("type", Codes.Of(c.Claim.Type)), ("jurisdiction", c.File.Jurisdiction)]).ToList();

        foreach (var byCurrency in claims.Where(c => c.Claim.Award is not null).GroupBy(c => (c.Claim.Award!.Currency, c.File.Jurisdiction)))
        {
            var (currency, jurisdiction) = byCurrency.Key;
            figures.Add(Figure.Of(Compensation.Name, (double)byCurrency.Sum(c => c.Claim.Award!.Amount), ("currency", currency), ("state", "awarded"), ("jurisdiction", jurisdiction)));
            figures.Add(Figure.Of(Compensation.Name, (double)byCurrency.Sum(c => c.Claim.Paid!.Amount), ("currency", currency), ("state", "paid"), ("jurisdiction", jurisdiction)));
            figures.Add(Figure.Of(Compensation.Name, (double)byCurrency.Sum(c => c.Claim.Outstanding!.Amount), ("currency", currency), ("state", "outstanding"), ("jurisdiction", jurisdiction)));
        }

        var overdue = claims.Where(c => c.Claim.Stage is ClaimStage.Filed or ClaimStage.UnderReview or ClaimStage.Appealed
                && (c.Claim.DecisionOverdue || c.Claim.DecisionDueBy <= now))
            .Select(c => new OverdueItem("claim-decision", c.File.Id, c.Claim.ClaimId, c.Claim.DecisionDueBy ?? now, c.File.Jurisdiction, c.Claim.DecidingJurisdiction)).ToList();
        figures.AddRange(G.OverdueFigures(overdue));
        return new OpsReading(figures, overdue);
    }
}
