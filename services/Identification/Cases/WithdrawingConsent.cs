namespace TransnationalReferral.Identification.Cases;

/// <summary>A consent is withdrawn; the shares that rested on it are revoked in the same decision.</summary>
public static class WithdrawingConsent
{
    /// <param name="ConsentId">From the route; not part of the body.</param>
    public sealed record WithdrawConsent(string? Reasons = null, [property: JsonIgnore] Guid ConsentId = default);

    public static Decision Decide(IdentificationCase state, WithdrawConsent command, DecisionContext context)
    {
        var consent = state.Consents.FirstOrDefault(c => c.ConsentId == command.ConsentId);
        if (consent is null) return Refusal.Conflict("consent-not-found", $"The case has no consent {command.ConsentId}.");
        if (!consent.IsActive) return Refusal.Conflict("consent-already-withdrawn", "This consent was already withdrawn.");

        var shares = state.Shares.Where(s => !s.Revoked && ReliesOn(s, consent)).Select(s => (object)new CaseShareRevoked(state.Id, s.GrantId, context.Now));
        return Decision.Accept([new ConsentWithdrawn(state.Id, command.ConsentId, consent.Kind, context.Now), .. shares]);
    }

    private static bool ReliesOn(Share share, Consent consent) => consent.Kind switch
    {
        ConsentKind.CrossBorderTransfer => share.GranteeJurisdiction is { } j && consent.Jurisdictions.Contains(j),
        ConsentKind.SharingWithOrganisations => share.GranteeOrganisation is { } o && consent.Organisations.Contains(o),
        _ => false,
    };

    public static RouteHandlerBuilder MapWithdrawingConsent(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/consents/{consentId:guid}/withdrawal", async (Guid caseId, Guid consentId, WithdrawConsent command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command with { ConsentId = consentId }, context),
                    new DecisionBasis(RecordingConsent.LegalBasis, command.Reasons), ct),
            Permissions.RecordConsent, "WithdrawConsent", "Withdraw a consent; shares that rested on it are revoked.");
}
