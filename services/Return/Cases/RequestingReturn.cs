namespace TransnationalReferral.Return.Cases;

/// <summary>
/// A return requested, with its reason, to another country than the one holding the case. A status that ended
/// (reflection period, residence permit) is a reason only once another service has published its end.
/// </summary>
public static class RequestingReturn
{
    public sealed record RequestReturn(string CountryOfReturn, ReturnReason Reason, string? Reasons = null);

    public static Decision Decide(ReturnCase state, RequestReturn command, DecisionContext context)
    {
        if (state.Stage is not (ReturnStage.NotRequested or ReturnStage.Closed))
            return Refusal.Conflict("return-already-requested", "A return is already in preparation for this case.");
        if (command.CountryOfReturn == state.Jurisdiction)
            return new Refusal("return-to-another-country", "A return goes to another country than the one holding the case.");
        if (command.Reason is ReturnReason.ReflectionPeriodEnded or ReturnReason.ResidencePermitEnded && !(state.EndedStatuses ?? []).Contains(command.Reason))
            return new Refusal("return-reason-recorded",
                $"The reason '{Codes.Of(command.Reason)}' is a fact another service records, and it has not been published for this case: a return is requested for a status that has ended, not one that is running.",
                "CETS 197 arts. 13–14 — the reflection period and residence permit protect against removal while they run");
        if (command.Reason == ReturnReason.SpecialStatusEnded && string.IsNullOrWhiteSpace(command.Reasons))
            return new Refusal("return-reason-recorded", "Say which special status ended, and when (reasons).");
        return Decision.Accept(new ReturnRequested(state.Id, state.Jurisdiction, command.CountryOfReturn, command.Reason, context.Now));
    }

    public static RouteHandlerBuilder MapRequestingReturn(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/return-request", async (Guid caseId, RequestReturn command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.CountryOfReturn) ? Problems.Invalid("countryOfReturn", "an ISO 3166-1 alpha-2 code.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(PreparingReturn.LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RequestReturn", "Request a return, with the reason: persons-wish, reflection-period-ended, residence-permit-ended or special-status-ended.");
}
