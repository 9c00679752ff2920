using TransnationalReferral.ServiceDefaults.Operations;
using G = TransnationalReferral.ServiceDefaults.Operations.Gauges;

namespace TransnationalReferral.Protection.Operations;

/// <summary>
/// Protection's figures: cases by stage and jurisdiction; referrals awaiting the provider's answer and overdue
/// (past the provider's response time), read from the referral inbox documents.
/// </summary>
public sealed class ProtectionFigures : IOpsFigures
{
    public const string ReferralToAnswer = "trm.protection.referral_to_answer";
    public static readonly GaugeDefinition Referrals = new GaugeDefinition("trm.referrals",
        "Referrals awaiting the provider's answer: state=awaiting (all), state=overdue (past the provider's response time, a subset)")
        .WithBaseline("state", "awaiting", "overdue");

    public IReadOnlyList<GaugeDefinition> Gauges { get; } = [G.Cases, Referrals, G.OverdueOf("referral")];

    public async Task<OpsReading> ReadAsync(IQuerySession session, DateTimeOffset now, CancellationToken ct)
    {
        var cases = await session.Query<ProtectionCase>().Select(c => new { c.Stage, c.Jurisdiction }).ToListAsync(ct);
        var figures = G.Count(G.Cases.Name, cases, c => [("stage", Codes.Of(c.Stage)), ("jurisdiction", c.Jurisdiction)]).ToList();

        var awaiting = await session.Query<ReferralRecord>().Where(r => r.Status == ReferralStatus.Requested)
            .Select(r => new { r.Id, r.CaseId, r.Jurisdiction, r.RespondBy, r.Overdue }).ToListAsync(ct);
        var late = awaiting.Where(r => r.Overdue || r.RespondBy <= now).ToList();
        figures.AddRange(G.Count(Referrals.Name, awaiting, r => [("state", "awaiting"), ("jurisdiction", r.Jurisdiction)]));
        figures.AddRange(G.Count(Referrals.Name, late, r => [("state", "overdue"), ("jurisdiction", r.Jurisdiction)]));

        var overdue = late.Select(r => new OverdueItem("referral", r.CaseId, r.Id, r.RespondBy ?? now, r.Jurisdiction)).ToList();
        figures.AddRange(G.OverdueFigures(overdue));
        return new OpsReading(figures, overdue);
    }
}
