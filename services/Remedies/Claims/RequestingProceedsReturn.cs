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

    public static RouteHandlerBuilder MapRequestingProceedsReturn(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/proceeds-return-requests", async (Guid caseId, RequestProceedsReturn command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.ToJurisdiction) ? Problems.Invalid("toJurisdiction", "an ISO 3166-1 alpha-2 code.")
                : Currencies.Problem(command.Amount, command.Currency) is { } problem ? Claiming.Invalid(problem)
                : await session.DecideAsync<RemediesCase>(caseId, http, (s, c) => Decide(s, command with { RequestId = Guid.CreateVersion7() }, c), new DecisionBasis(Proceeds.LegalBasis, command.Reasons), ct),
            Permissions.AllocateProceeds, "RequestProceedsReturn", "Ask another state to return confiscated proceeds so that the victims can be compensated (UNTOC art. 14(2)); the answer arrives over the bus.");
}
