namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Long-term assistance and social inclusion (TRM-EU SOP 3): an individual support plan with goals, services
/// and a review date (a durable deadline: a missed review opens a case review), reviews recorded, and the
/// case closed with a reason — never for not cooperating with the authorities — and reopened when needed.
/// Each decision is a file of its own: <see cref="AgreeingSupportPlan"/>, <see cref="ReviewingSupportPlan"/>,
/// <see cref="ClosingProtectionCase"/>, <see cref="ReopeningProtectionCase"/>.
/// </summary>
public static class SupportingLongTerm
{
    public const string LegalBasis = "CETS 197 art. 12; Directive 2011/36/EU art. 11; TRM-EU SOP 3 — long-term assistance and social inclusion";
    public const string ReviewDeadline = "support-plan-review";
}
