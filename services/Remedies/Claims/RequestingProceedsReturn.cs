namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// Another state is asked to return confiscated proceeds so that the victims can be compensated (UNTOC art. 14(2));
/// the request id is new (the endpoint gives it) and the answer arrives over the bus.
/// </summary>
public static class RequestingProceedsReturn
{
    [Reasons("the confiscation order and the victims' claims it should compensate.")]
    public sealed record RequestProceedsReturn(string ToJurisdiction, decimal Amount, string Currency, string Reasons, [property: JsonIgnore] Guid RequestId = default);

    public static Decision Decide(RemediesCase state, RequestProceedsReturn command, DecisionContext context) =>
        command.ToJurisdiction == state.Jurisdiction
            ? new Refusal("proceeds-return-from-another-state", "The return of proceeds is requested from another state.")
            : Decision.Accept(new ProceedsReturnRequested(state.Id, command.RequestId, state.Jurisdiction, command.ToJurisdiction, new Money(command.Amount, command.Currency), context.Now));

    /// <summary>A proceeds-return request sent: its id, its case and the case's new version (the ETag).</summary>
    public sealed record ProceedsReturnRequestCreated(Guid CaseId, Guid RequestId, long Version);

    public static RouteGroupBuilder MapRequestingProceedsReturn(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/proceeds-return-requests", async (Guid caseId, RequestProceedsReturn command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!Jurisdictions.IsValid(command.ToJurisdiction)) return Problems.Invalid("toJurisdiction", "an ISO 3166-1 alpha-2 code.");
                if (Currencies.Problem(command.Amount, command.Currency) is { } problem) return Claiming.Invalid(problem);
                var request = command with { RequestId = Guid.CreateVersion7() };
                return await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, request, c), new DecisionBasis(Proceeds.LegalBasis, command.Reasons), ct,
                    creates: new Creates($"/api/remedies/cases/{caseId}/proceeds-return-requests/{request.RequestId}", version => new ProceedsReturnRequestCreated(caseId, request.RequestId, version)));
            },
            Permissions.AllocateProceeds, "RequestProceedsReturn", "Ask another state to return confiscated proceeds so that the victims can be compensated (UNTOC art. 14(2)); the answer arrives over the bus. 201: Location is the request.")
            .Produces<ProceedsReturnRequestCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<RemediesCase, ProceedsReturnRequest>("proceeds-return-requests", (state, requestId) => state.ProceedsReturns?.FirstOrDefault(r => r.RequestId == requestId),
            "proceeds-return request", "GetProceedsReturnRequest");
        return cases;
    }
}
