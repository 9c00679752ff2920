namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// A request to another state to relocate or protect the victim-witness (UNTOC art. 24(3)): it answers an assessed
/// medium or high risk, on the person's consent to transfer to that state, never to a country they claim protection
/// from. It leaves as a signed <c>witness-relocation</c> request; the answer is <see cref="RecordingRelocationAnswer"/>.
/// </summary>
public static class RequestingRelocation
{
    /// <param name="RequestId">Minted by the endpoint; not part of the body.</param>
    [Reasons("why relocation to another state is needed.")]
    public sealed record RequestRelocation(string ToJurisdiction, bool ForFamilyMembers, string Reasons, [property: JsonIgnore] Guid RequestId = default);

    public static Decision Decide(ProtectionCase state, RequestRelocation command, DecisionContext context)
    {
        if (ProtectionRules.First(ProtectionRules.Active(state), ProtectionRules.BestInterestsFirst(state)) is { } refusal) return refusal;
        if (command.ToJurisdiction == state.Jurisdiction)
            return new Refusal("relocation-to-another-state", "A relocation request goes to another state; relocation within the country is a protective measure.");
        if (state.Risk is not { Level: RiskLevel.Medium or RiskLevel.High })
            return new Refusal("relocation-answers-risk", "Relocation to another state answers an assessed medium or high risk.", ProtectingWitnesses.LegalBasis);
        if (ProtectionRules.NeverToCountryOfClaimedProtection(state, command.ToJurisdiction) is { } claimed) return claimed;
        var consent = ProtectionRules.TransferConsent(state, command.ToJurisdiction);
        if (consent is null)
            return new Refusal("relocation-needs-consent",
                $"Relocating the person to {command.ToJurisdiction} means sharing their data with it: it needs their consent to cross-border transfer to {command.ToJurisdiction}{(state.IsChild ? " (the guardian's, for a child)" : "")}.",
                "GDPR arts. 9 and 49(1)(a); CETS 197 art. 11", Next: "POST /api/identification/cases/{caseId}/consents");
        return Decision.Accept(new RelocationRequested(state.Id, command.RequestId, state.Jurisdiction, command.ToJurisdiction, command.ForFamilyMembers, consent.ConsentId, context.Now));
    }

    /// <summary>A relocation requested: the request's id, its case and the case's new version (the ETag).</summary>
    public sealed record RelocationRequestCreated(Guid CaseId, Guid RequestId, long Version);

    public static RouteGroupBuilder MapRequestingRelocation(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/relocation-requests", async (Guid caseId, RequestRelocation command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!Jurisdictions.IsValid(command.ToJurisdiction)) return Problems.Invalid("toJurisdiction", "an ISO 3166-1 alpha-2 code.");
                var request = command with { RequestId = Guid.CreateVersion7() };
                return await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, request, context),
                    new DecisionBasis(ProtectingWitnesses.LegalBasis, command.Reasons), ct,
                    creates: new Creates($"/api/protection/cases/{caseId}/relocation-requests/{request.RequestId}", version => new RelocationRequestCreated(caseId, request.RequestId, version)));
            },
            Permissions.DecideOnCase, "RequestRelocation", "Ask another state to relocate or protect the victim-witness (UNTOC art. 24(3)); needs an assessed medium/high risk and consent to transfer to that state. 201: Location is the request.")
            .Produces<RelocationRequestCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<ProtectionCase, Relocation>("relocation-requests", (state, requestId) => state.Relocations?.FirstOrDefault(r => r.RequestId == requestId),
            "relocation request", "GetRelocationRequest");
        return cases;
    }
}
