namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Continuity of protection across borders: when the person leaves for another jurisdiction, this focal point asks
/// that state's node to continue assisting them (the services, as need codes) — on the person's consent to transfer to
/// that state (a child's guardian's), never to a country the person claims protection from. The request leaves as a
/// signed <c>protection-continuity</c> request (Integration/CrossBorder.cs); the answer comes back signed and is
/// recorded by <see cref="RecordingContinuityAnswer"/>.
/// </summary>
public static class ContinuingProtection
{
    public const string LegalBasis = "CETS 197 arts. 16(5)–(7) and 32–33; Directive 2011/36/EU art. 11; TRM-EU SOP 4 — continuity of assistance across borders";

    /// <param name="RequestId">Minted by the endpoint; not part of the body.</param>
    [Reasons("why continuity is asked of that state.")]
    public sealed record RequestContinuity(string ToJurisdiction, IReadOnlyList<Need> Services, string Reasons, [property: JsonIgnore] Guid RequestId = default);

    public static Decision Decide(ProtectionCase state, RequestContinuity command, DecisionContext context)
    {
        // The person may already have left and the case closed for it: continuity is exactly what follows such a closure.
        var leftTheCountry = state.Closure?.Reason is ClosureReason.MovedToAnotherJurisdiction or ClosureReason.ReturnedToCountryOfOrigin;
        if (!leftTheCountry && ProtectionRules.Active(state) is { } inactive) return inactive;
        if (ProtectionRules.BestInterestsFirst(state) is { } bestInterests) return bestInterests;
        if (command.ToJurisdiction == state.Jurisdiction)
            return new Refusal("continuity-to-another-state", "Continuity is asked of another state's node; within the country, refer the person to a provider.");
        if (ProtectionRules.NeverToCountryOfClaimedProtection(state, command.ToJurisdiction) is { } claimed) return claimed;
        if ((state.ContinuityRequests ?? []).Any(r => r.ToJurisdiction == command.ToJurisdiction && r.Status != ContinuityStatus.Declined))
            return Refusal.Conflict("continuity-already-requested", $"Continuity was already asked of {command.ToJurisdiction} and not declined.");
        if (ProtectionRules.TransferConsent(state, command.ToJurisdiction) is not { } consent)
            return new Refusal("cross-border-transfer-needs-consent-or-legal-basis",
                $"Asking {command.ToJurisdiction} to continue the assistance shares the person's case with it: it needs their consent to cross-border transfer to {command.ToJurisdiction}{(state.IsChild ? " (the guardian's, for a child)" : "")}.",
                "GDPR arts. 6, 9, 44–49; CETS 197 art. 11", Next: "POST /api/identification/cases/{caseId}/consents");
        return Decision.Accept(new ContinuityRequested(state.Id, command.RequestId, state.Jurisdiction, command.ToJurisdiction, command.Services.Distinct().ToList(), consent.ConsentId, context.Now));
    }

    /// <summary>A continuity request sent: its id, its case and the case's new version (the ETag).</summary>
    public sealed record ContinuityRequestCreated(Guid CaseId, Guid RequestId, long Version);

    public static RouteGroupBuilder MapContinuingProtection(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/continuity-requests", async (Guid caseId, RequestContinuity command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!Jurisdictions.IsValid(command.ToJurisdiction)) return Problems.Invalid("toJurisdiction", "an ISO 3166-1 alpha-2 code.");
                if (command.Services is not { Count: > 0 }) return Problems.Invalid("services", "at least one service (a need code) to continue.");
                if (command.Reasons.Length > 2000) return Problems.Invalid("reasons", "at most 2,000 characters.");
                var request = command with { RequestId = Guid.CreateVersion7() };
                return await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, request, context),
                    new DecisionBasis(LegalBasis, command.Reasons), ct,
                    creates: new Creates($"/api/protection/cases/{caseId}/continuity-requests/{request.RequestId}", version => new ContinuityRequestCreated(caseId, request.RequestId, version)));
            },
            Permissions.DecideOnCase, "RequestProtectionContinuity",
            "Ask the node of the state the person leaves for to continue the assistance (need codes); needs their consent to transfer to that state, never a country of claimed protection. The reasons stay here. 201: Location is the request.")
            .Produces<ContinuityRequestCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<ProtectionCase, ContinuityRequest>("continuity-requests", (state, requestId) => state.ContinuityRequests?.FirstOrDefault(r => r.RequestId == requestId),
            "continuity request", "GetContinuityRequest");
        return cases;
    }
}
