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

    /// <summary>
    /// From the signal (the case opened) to the first placement: the first safe place given as emergency help, or the first
    /// accommodation referral a provider accepted. Labels: jurisdiction, and <c>stage</c> — <c>signal</c> when the person
    /// was placed before any identification decision, <c>entitled</c> after the reasonable-grounds decision.
    /// </summary>
    public const string SignalToFirstPlacement = "trm.protection.signal_to_first_placement";

    /// <summary>Buckets from a quarter of an hour to a month: emergency placement is measured in hours, placement after entitlement in days.</summary>
    public static readonly double[] PlacementBuckets = [900, 3600, 4 * 3600, 12 * 3600, 86400, 3 * 86400, 7 * 86400, 14 * 86400, 30 * 86400];

    /// <summary>When the decision's <paramref name="events"/> place the person for the first time, records the time from the signal once it committed.</summary>
    public static void WhenFirstPlaced(HttpContext http, ProtectionCase? before, IReadOnlyList<object> events)
    {
        if (before is null || before.FirstPlacedAt is not null) return;
        if (events.Aggregate(before, (s, e) => ProtectionCase.Fold(s, e)!).FirstPlacedAt is not { } placed) return;
        var stage = before.Stage == ProtectionStage.AwaitingEntitlement ? "signal" : "entitled";
        http.AfterCommitted(metrics => metrics.RecordDuration(SignalToFirstPlacement, placed - before.OpenedAt, ("jurisdiction", before.Jurisdiction), ("stage", stage)));
    }
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
