namespace TransnationalReferral.Return.Cases;

/// <summary>
/// The country of return's focal point is asked to receive the person: ids and codes only; on the person's consent to
/// transfer there (a child's guardian's) or a stated legal basis; never to a country the person claims protection
/// from; only once the informed decision and the safety gates are in place. The request id is new (the endpoint gives it).
/// </summary>
public static class RequestingReception
{
    public sealed record RequestReception(bool EscortRequired = false, string? LegalBasis = null, string? Reasons = null, [property: JsonIgnore] Guid RequestId = default);

    public static Decision Decide(ReturnCase state, RequestReception command, DecisionContext context)
    {
        if (state.Stage != ReturnStage.Preparing)
            return Refusal.Conflict("return-not-in-preparation", $"The return is {Codes.Of(state.Stage)}: a reception is requested while preparing a return.");
        var country = state.CountryOfReturn!;
        if ((state.ProtectionClaims ?? []).Any(c => c.Country == country && c.Status != ProtectionClaimStatus.Withdrawn))
            return ReturnGates.Closed("non-refoulement-no-contact",
                $"The person claimed international protection against {country}: no request goes to its authorities.", ReturnGates.NonRefoulement);
        if (state.Reception is not null)
            return Refusal.Conflict("reception-already-requested", $"Reception was already requested from {state.Reception.ToJurisdiction}.");
        if (ReturnGates.InformedDecision(state).Concat(ReturnGates.Safety(state)).FirstOrDefault() is { } gate) return gate;
        var consent = (state.TransferConsents ?? []).FirstOrDefault(c => !c.Withdrawn && c.Jurisdictions.Contains(country) && (!state.IsChild || c.GivenBy == "guardian"));
        if (consent is null && string.IsNullOrWhiteSpace(command.LegalBasis))
            return new Refusal("cross-border-transfer-needs-consent-or-legal-basis",
                $"A reception request to {country} needs the person's consent to cross-border transfer to {country}{(state.IsChild ? " (the guardian's)" : "")}, or a stated legal basis.",
                "GDPR arts. 44–49; CETS 197 art. 11", Next: "POST /api/identification/cases/{caseId}/consents");
        return Decision.Accept(new ReceptionRequested(state.Id, command.RequestId, state.Jurisdiction, country, state.IsChild, command.EscortRequired || state.IsChild, consent is not null, context.Now));
    }

    /// <summary>A reception requested: the request's id, its case and the case's new version (the ETag).</summary>
    public sealed record ReceptionRequestCreated(Guid CaseId, Guid RequestId, long Version);

    public static RouteGroupBuilder MapRequestingReception(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/reception-request", async (Guid caseId, RequestReception command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (command.LegalBasis is { Length: > 500 }) return Problems.Invalid("legalBasis", "at most 500 characters.");
                var request = command with { RequestId = Guid.CreateVersion7() };
                return await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, request, c),
                    new DecisionBasis(command.LegalBasis ?? CoordinatingReturn.LegalBasis, command.Reasons), ct,
                    creates: new Creates($"/api/return/cases/{caseId}/reception-request", version => new ReceptionRequestCreated(caseId, request.RequestId, version)));
            },
            Permissions.DecideOnCase, "RequestReception",
            "Ask the country of return's focal point to receive the person (ids and codes only; on consent to transfer or a legal basis; never to a country the person claims protection from; only once informed consent and the safety gates are in place).")
            .Produces<ReceptionRequestCreated>(StatusCodes.Status201Created);
        // A case has one reception request at a time: it is where the decision that made it points.
        cases.MapGet("/{caseId:guid}/reception-request", (Guid caseId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                session.GetCaseAsync<ReturnCase>(caseId, http, state => state.Reception, ct, "The reception request"))
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("GetReceptionRequest")
            .WithSummary("The case's reception request, where the decision that made it points (Location); the ETag is the case's version.")
            .Produces<Reception>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return cases;
    }
}
