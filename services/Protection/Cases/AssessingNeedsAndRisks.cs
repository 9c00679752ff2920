namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Needs and risk are assessed from entitlement on, and re-assessed at each contact; every revision stays in
/// the history. Neither depends in any way on cooperation with the police or prosecution
/// (<see cref="NotingCooperationStatus"/>). Each decision is a file of its own: <see cref="AssessingNeeds"/>, <see cref="AssessingRisk"/>.
/// </summary>
public static class AssessingNeedsAndRisks
{
    public const string LegalBasis = "CETS 197 art. 12(1)–(2) and (6); Directive 2011/36/EU art. 11(7) — assistance based on individual needs and risks";
}
