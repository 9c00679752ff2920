namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// The focal point shares a case with another organisation or jurisdiction, for a purpose, until an expiry;
/// and can revoke the share (<see cref="RevokingShare"/>). Another organisation needs the person's consent to sharing (or a legal basis);
/// another jurisdiction needs consent to cross-border transfer (or a legal basis): no data crosses a border without one.
/// </summary>
public static class SharingCase
{
    public const string DefaultLegalBasis = "GDPR art. 6(1)(e) and 9(2)(g); CETS 197 art. 11 — sharing within the national referral mechanism";
    public static readonly TimeSpan LongestShare = TimeSpan.FromDays(366);

    public sealed record ShareCase(SharePurpose Purpose, DateTimeOffset ExpiresAt, string? GranteeJurisdiction = null, string? GranteeOrganisation = null, string? LegalBasis = null, string? Reasons = null,
        [property: JsonIgnore] Guid GrantId = default);

    /// <summary>A share granted: its id (the grant id the case's shares and revocations name), its case and the case's new version (the ETag).</summary>
    public sealed record ShareCreated(Guid CaseId, Guid ShareId, long Version);

    public static Decision Decide(IdentificationCase state, ShareCase command, DecisionContext context)
    {
        if (command.GranteeJurisdiction is null && command.GranteeOrganisation is null)
            return new Refusal("share-grantee-required", "Name the organisation and/or the jurisdiction the case is shared with.");
        if (command.ExpiresAt <= context.Now)
            return new Refusal("share-expiry-in-future", "A share must expire in the future.");
        if (command.ExpiresAt > context.Now + LongestShare)
            return new Refusal("share-expiry-at-most-one-year", "A share lasts at most one year; renew it with a new decision if it is still needed.", "GDPR art. 5(1)(c) and (e) — data minimisation, storage limitation");

        if (command.GranteeJurisdiction is { } country && state.NoContact.Contains(country))
            return new Refusal("non-refoulement-no-contact",
                $"The person claims international protection against {country}: no contact with its authorities, whatever the consent or legal basis.",
                "1951 Refugee Convention art. 33; CETS 197 art. 40(4)");
        var crossBorder = command.GranteeJurisdiction is { } j && j != state.Jurisdiction;
        var hasLegalBasis = !string.IsNullOrWhiteSpace(command.LegalBasis);
        Consent? consent = null;
        if (crossBorder)
        {
            consent = state.Consents.FirstOrDefault(c => c.IsActive && c.Kind == ConsentKind.CrossBorderTransfer && c.Jurisdictions.Contains(command.GranteeJurisdiction!));
            if (consent is null && !hasLegalBasis)
                return new Refusal("cross-border-transfer-needs-consent-or-legal-basis",
                    $"No personal data crosses a border without the person's consent or a legal basis: record consent to cross-border transfer to {command.GranteeJurisdiction}, or state the legal basis (for example a mutual legal assistance request).",
                    "GDPR arts 44–49; Directive (EU) 2016/680 arts 35–38; CETS 197 art. 11", Next: "POST /api/identification/cases/{caseId}/consents");
        }
        else if (command.GranteeOrganisation is { } organisation && organisation != state.OwnerOrganisation)
        {
            consent = state.Consents.FirstOrDefault(c => c.IsActive && c.Kind == ConsentKind.SharingWithOrganisations && c.Organisations.Contains(organisation));
            if (consent is null && !hasLegalBasis)
                return new Refusal("sharing-needs-consent-or-legal-basis",
                    $"Sharing the case with {organisation} needs the person's consent to sharing with that organisation, or a stated legal basis.",
                    "GDPR art. 9(2); CETS 197 art. 11", Next: "POST /api/identification/cases/{caseId}/consents");
        }

        return Decision.Accept(new CaseShared(state.Id, command.GrantId, command.GranteeJurisdiction, command.GranteeOrganisation, command.Purpose,
            command.ExpiresAt, consent?.ConsentId, context.Now));
    }

    public static RouteGroupBuilder MapSharingCase(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/shares", async (Guid caseId, ShareCase command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (command.GranteeJurisdiction is { } j && !Jurisdictions.IsValid(j)) return Problems.Invalid("granteeJurisdiction", "must be an ISO 3166-1 alpha-2 code.");
                if (command.GranteeOrganisation is { Length: 0 or > 100 }) return Problems.Invalid("granteeOrganisation", "1 to 100 characters.");
                if (command.LegalBasis is { Length: > 500 }) return Problems.Invalid("legalBasis", "at most 500 characters.");
                var share = command with { GrantId = Guid.CreateVersion7() };
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, share, context),
                    new DecisionBasis(command.LegalBasis ?? DefaultLegalBasis, command.Reasons), ct,
                    creates: new Creates($"/api/identification/cases/{caseId}/shares/{share.GrantId}", version => new ShareCreated(caseId, share.GrantId, version)));
            },
            Permissions.ShareCase, "ShareCase", "Share the case with an organisation and/or a jurisdiction, for a purpose, until an expiry. 201: Location is the share; revoke it by its shareId.")
            .Produces<ShareCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<IdentificationCase, Share>("shares", (state, shareId) => state.Shares.FirstOrDefault(s => s.GrantId == shareId), "share", "GetShare");
        return cases;
    }
}
