using System.Text.RegularExpressions;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// Consent to referral to services, to sharing with named organisations and to cross-border transfer are
/// separate decisions, each recorded with its scope, date and the language the person was informed in, and
/// each can be withdrawn (<see cref="WithdrawingConsent"/>). Withdrawing a consent revokes the shares that rested on it.
/// </summary>
public static partial class RecordingConsent
{
    public const string LegalBasis = "GDPR arts 7 and 9(2)(a); CETS 197 art. 11 — consent of the person concerned";

    public sealed record RecordConsent(
        ConsentKind Kind,
        string InformedInLanguage,
        ConsentGiver GivenBy,
        IReadOnlyList<string>? Organisations = null,
        IReadOnlyList<string>? Jurisdictions = null,
        string? Reasons = null,
        Interpreter? Interpreter = null,
        [property: JsonIgnore] Guid ConsentId = default);

    public static Decision Decide(IdentificationCase state, RecordConsent command, DecisionContext context)
    {
        var organisations = command.Organisations ?? [];
        var jurisdictions = command.Jurisdictions ?? [];
        if (command.Kind == ConsentKind.CrossBorderTransfer && jurisdictions.Count == 0)
            return new Refusal("consent-scope-required", "Consent to cross-border transfer names the jurisdictions it covers.");
        if (command.Kind == ConsentKind.SharingWithOrganisations && organisations.Count == 0)
            return new Refusal("consent-scope-required", "Consent to sharing names the organisations it covers.");
        if (state.IsTreatedAsChild && command.GivenBy != ConsentGiver.Guardian)
            return new Refusal("child-consent-by-guardian",
                "The person is a child or presumed child: consent is given by the guardian, who acts in the child's best interests.",
                "CETS 197 art. 10(4); UN CRC art. 3", Next: state.GuardianOrganisation is null ? "POST /api/identification/cases/{caseId}/guardian" : null);
        if (!state.IsTreatedAsChild && command.GivenBy != ConsentGiver.Person)
            return new Refusal("adult-consent-by-person", "The person is an adult: only the person can give consent.", "GDPR art. 7");
        if (InterpreterRules.Matches(command.Interpreter, null, command.InformedInLanguage) is { } mismatch) return mismatch;

        return Decision.Accept(new ConsentRecorded(state.Id, command.ConsentId, command.Kind, organisations, jurisdictions,
            command.InformedInLanguage, command.GivenBy, context.Now, command.Interpreter));
    }

    /// <summary>A consent recorded: its id (to withdraw it, or to name it), its case and the case's new version (the ETag).</summary>
    public sealed record ConsentCreated(Guid CaseId, Guid ConsentId, long Version);

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguageCode();

    public static RouteGroupBuilder MapRecordingConsent(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/consents", async (Guid caseId, RecordConsent command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!LanguageCode().IsMatch(command.InformedInLanguage)) return Problems.Invalid("informedInLanguage", "an ISO 639 language code in lower case, e.g. ro.");
                if (command.Interpreter?.Invalid() is { } invalid) return Problems.Invalid(invalid.Field, invalid.Expected);
                if (command.Jurisdictions?.FirstOrDefault(j => !Jurisdictions.IsValid(j)) is { } bad) return Problems.Invalid("jurisdictions", $"'{bad}' is not an ISO 3166-1 alpha-2 code.");
                if (command.Organisations is { Count: > 20 } || command.Organisations?.Any(o => o.Length is 0 or > 100) == true) return Problems.Invalid("organisations", "at most 20 organisation codes of 1 to 100 characters.");
                var recorded = command with { ConsentId = Guid.CreateVersion7() };
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, recorded, context),
                    new DecisionBasis(LegalBasis, command.Reasons), ct,
                    creates: new Creates($"/api/identification/cases/{caseId}/consents/{recorded.ConsentId}", version => new ConsentCreated(caseId, recorded.ConsentId, version)));
            },
            Permissions.RecordConsent, "RecordConsent", "Record consent (referral to services, sharing with organisations, cross-border transfer). 201: Location is the consent; withdraw it by its consentId.")
            .Produces<ConsentCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<IdentificationCase, Consent>("consents", (state, consentId) => state.Consents.FirstOrDefault(c => c.ConsentId == consentId), "consent", "GetConsent");
        return cases;
    }
}
