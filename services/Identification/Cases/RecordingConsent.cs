using System.Text.RegularExpressions;
using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// Consent to referral to services, to sharing with named organisations and to cross-border transfer are
/// separate decisions, each recorded with its scope, date and the language the person was informed in, and
/// each can be withdrawn. Withdrawing a consent revokes the shares that rested on it.
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
        string? Reasons = null);

    public sealed record WithdrawConsent(string? Reasons = null);

    public static Decision Decide(IdentificationCase state, RecordConsent command, Guid consentId, DecisionContext context)
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
                "CETS 197 art. 10(4); UN CRC art. 3");
        if (!state.IsTreatedAsChild && command.GivenBy != ConsentGiver.Person)
            return new Refusal("adult-consent-by-person", "The person is an adult: only the person can give consent.", "GDPR art. 7");

        return Decision.Accept(new ConsentRecorded(state.Id, consentId, command.Kind, organisations, jurisdictions,
            command.InformedInLanguage, command.GivenBy, context.Now));
    }

    public static Decision Decide(IdentificationCase state, Guid consentId, DecisionContext context)
    {
        var consent = state.Consents.FirstOrDefault(c => c.ConsentId == consentId);
        if (consent is null) return Refusal.Conflict("consent-not-found", $"The case has no consent {consentId}.");
        if (!consent.IsActive) return Refusal.Conflict("consent-already-withdrawn", "This consent was already withdrawn.");

        var shares = state.Shares.Where(s => !s.Revoked && ReliesOn(s, consent)).Select(s => (object)new CaseShareRevoked(state.Id, s.GrantId, context.Now));
        return Decision.Accept([new ConsentWithdrawn(state.Id, consentId, consent.Kind, context.Now), .. shares]);
    }

    private static bool ReliesOn(Share share, Consent consent) => consent.Kind switch
    {
        ConsentKind.CrossBorderTransfer => share.GranteeJurisdiction is { } j && consent.Jurisdictions.Contains(j),
        ConsentKind.SharingWithOrganisations => share.GranteeOrganisation is { } o && consent.Organisations.Contains(o),
        _ => false,
    };

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguageCode();

    public static RouteGroupBuilder MapRecordingConsent(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/consents", async (Guid caseId, RecordConsent command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!LanguageCode().IsMatch(command.InformedInLanguage)) return Problems.Invalid("informedInLanguage", "an ISO 639 language code in lower case, e.g. ro.");
                if (command.Jurisdictions?.FirstOrDefault(j => !Jurisdictions.IsValid(j)) is { } bad) return Problems.Invalid("jurisdictions", $"'{bad}' is not an ISO 3166-1 alpha-2 code.");
                if (command.Organisations is { Count: > 20 } || command.Organisations?.Any(o => o.Length is 0 or > 100) == true) return Problems.Invalid("organisations", "at most 20 organisation codes of 1 to 100 characters.");
                var consentId = Guid.CreateVersion7();
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, consentId, context),
                    new DecisionBasis(LegalBasis, command.Reasons), ct);
            },
            Permissions.RecordConsent, "RecordConsent", "Record consent (referral to services, sharing with organisations, cross-border transfer). Needs If-Match.");

        cases.MapDecision("/{caseId:guid}/consents/{consentId:guid}/withdrawal", async (Guid caseId, Guid consentId, WithdrawConsent command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, consentId, context),
                    new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.RecordConsent, "WithdrawConsent", "Withdraw a consent; shares that rested on it are revoked. Needs If-Match.");
        return cases;
    }
}
