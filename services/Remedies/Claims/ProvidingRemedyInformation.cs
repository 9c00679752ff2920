namespace TransnationalReferral.Remedies.Claims;

/// <summary>The person was informed of the remedies and compensation options, in a language they understand; a claim is filed only after this.</summary>
public static class ProvidingRemedyInformation
{
    public sealed record ProvideInformation(string Language, string? Reasons = null);

    public static Decision Decide(RemediesCase state, ProvideInformation command, DecisionContext context) =>
        Decision.Accept(new RemedyInformationProvided(state.Id, command.Language, context.Now));

    public static RouteHandlerBuilder MapProvidingRemedyInformation(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/remedy-information", async (Guid caseId, ProvideInformation command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Language is not { Length: 2 or 3 } || !command.Language.All(char.IsAsciiLetterLower) ? Problems.Invalid("language", "the ISO 639 code of the language the person understands.")
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(Claiming.LegalBasis, command.Reasons), ct),
            Permissions.PursueClaims, "ProvideRemedyInformation", "Record that the person was informed of the remedies and compensation options, in a language they understand.");
}
