using TransnationalReferral.Identification.Indicators;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// Indicator screening: which indicators of the jurisdiction's catalogue (and which version) were observed,
/// from what source, by whom. Screening can be repeated; every screening stays in the history.
/// </summary>
public static class ScreeningIndicators
{
    public const string LegalBasis = "CETS 197 art. 10(1) and (2) — identification on the basis of indicators";

    public enum ScreeningSource { Interview, Documents, ThirdPartyReport, Observation }

    public sealed record ObservedIndicator(string Form, string Indicator);

    /// <param name="Interpreter">Who interpreted at the interview (or conversation) the indicators were observed in.</param>
    public sealed record ScreenIndicators(IReadOnlyList<ObservedIndicator> Observed, ScreeningSource Source, string? Reasons = null, Interpreter? Interpreter = null);

    public static Decision Decide(IdentificationCase state, ScreenIndicators command, DecisionContext context, JurisdictionCatalogue catalogue)
    {
        if (command.Observed.Count == 0)
            return new Refusal("screening-names-indicators", "A screening names the indicators observed (an empty screening records nothing).");
        var unknown = command.Observed.Where(o => !catalogue.Knows(o.Form, o.Indicator)).Select(o => $"{o.Form}/{o.Indicator}").ToList();
        if (unknown.Count > 0)
            return new Refusal("indicator-unknown", $"Not in the {catalogue.Jurisdiction} indicator catalogue {catalogue.Version}: {string.Join(", ", unknown)}.");
        return Decision.Accept(new IndicatorsScreened(state.Id, Guid.CreateVersion7(), catalogue.Version,
            command.Observed.Select(o => $"{o.Form}/{o.Indicator}").Distinct().ToList(), command.Source.ToString(), context.Now, command.Interpreter));
    }

    public static RouteGroupBuilder MapScreeningIndicators(this RouteGroupBuilder api)
    {
        api.MapGet("/indicators", (HttpContext http, IndicatorCatalogue catalogue) => Results.Ok(catalogue.For(http.Actor().Jurisdiction)))
            .RequireAuthorization(Permissions.ReadCase)
            .WithTags("Indicators")
            .WithName("GetIndicatorCatalogue")
            .WithSummary("The trafficking indicators of your jurisdiction (versioned), per form of exploitation.")
            .Produces<JurisdictionCatalogue>();

        api.MapDecision("/cases/{caseId:guid}/screenings", async (Guid caseId, ScreenIndicators command, HttpContext http, IDocumentSession session, IndicatorCatalogue catalogue, CancellationToken ct) =>
                command.Interpreter?.Invalid() is { } invalid ? Problems.Invalid(invalid.Field, invalid.Expected) :
                await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context, catalogue.For(state.Jurisdiction)),
                        new DecisionBasis(LegalBasis, command.Reasons), ct),
                Permissions.DecideOnCase, "ScreenIndicators", "Record the trafficking indicators observed, and from what source (repeatable).")
            .WithTags("Cases");
        return api;
    }
}
