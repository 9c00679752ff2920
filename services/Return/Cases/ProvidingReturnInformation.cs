namespace TransnationalReferral.Return.Cases;

/// <summary>The information package given, in a language the person understands: every option (stay, return, third country), their rights, the services in the country of return and the risks.</summary>
public static class ProvidingReturnInformation
{
    public sealed record ProvideInformation(string Language, IReadOnlyList<ReturnOption> Options, bool RightsExplained, bool ServicesInCountryExplained, bool RisksExplained, string? Reasons = null);

    public static Decision Decide(ReturnCase state, ProvideInformation command, DecisionContext context)
    {
        if (PreparingReturn.NotPreparing(state) is { } refusal) return refusal;
        var missing = Enum.GetValues<ReturnOption>().Except(command.Options).ToList();
        if (missing.Count > 0 || !command.RightsExplained || !command.ServicesInCountryExplained || !command.RisksExplained)
            return new Refusal("return-information-complete",
                "The information package covers every option (stay, return, third country), the person's rights, the services in the country of return and the risks"
                + (missing.Count > 0 ? $"; missing: {string.Join(", ", missing.Select(m => Codes.Of(m)))}." : "."), "Trafficking Protocol art. 8; CETS 197 art. 12(1)(d)");
        return Decision.Accept(new ReturnInformationProvided(state.Id, command.Language, command.Options.Distinct().ToList(), context.Now));
    }

    public static RouteHandlerBuilder MapProvidingReturnInformation(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/return-information", async (Guid caseId, ProvideInformation command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Language) || command.Language.Length is < 2 or > 3 ? Problems.Invalid("language", "the ISO 639 code of the language the person understands.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(PreparingReturn.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "ProvideReturnInformation", "Record the information package given: all options (stay, return, third country), rights, services and risks in the country of return, the language.");
}
