namespace TransnationalReferral.Remedies.Claims;

/// <summary>
/// Filing a prepared claim with its deciding body: only once the person has been informed of the options, in a
/// language they understand. A claim before a body in another jurisdiction is forwarded through this one as the
/// assisting authority. The deciding body's time limit is a durable deadline; missed, the claim is overdue.
/// </summary>
public static class FilingClaim
{
    public sealed record FileClaim(string? Reasons = null, [property: JsonIgnore] Guid ClaimId = default);

    public static Decision Decide(RemediesCase state, FileClaim command, DecisionContext context, TimeSpan decisionTime)
    {
        if (state.ClaimOf(command.ClaimId) is not { } claim) return Claiming.Unknown(command.ClaimId);
        if (state.InformedAt is null)
            return new Refusal("claim-needs-information-on-remedies",
                "A claim is filed once the person has been informed of the compensation options in a language they understand (record it first).",
                "CETS 197 art. 15(1); Directive 2011/36/EU art. 11(6); Directive 2012/29/EU art. 4(1)(e)", Next: "POST /api/remedies/cases/{caseId}/remedy-information");
        if (claim.Stage != ClaimStage.Prepared) return Refusal.Conflict("claim-already-filed", "The claim was already filed.");
        var filed = new ClaimFiled(state.Id, claim.ClaimId, claim.Type, state.Jurisdiction, claim.DecidingJurisdiction, claim.DecidingBody, context.Now + decisionTime, context.Now);
        return claim.DecidingJurisdiction == state.Jurisdiction
            ? Decision.Accept(filed)
            : Decision.Accept(filed, new ClaimForwarded(state.Id, claim.ClaimId, claim.Type, state.Jurisdiction, claim.DecidingJurisdiction, claim.DecidingBody, context.Now));
    }

    public static RouteHandlerBuilder MapFilingClaim(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/claims/{claimId:guid}/filing", (Guid caseId, Guid claimId, FileClaim command, HttpContext http, IDocumentSession session, RemediesOptions options, CancellationToken ct) =>
                Claiming.DecideWithTimeLimitAsync<ClaimFiled>(session, caseId, claimId, http, options,
                    (s, c, decisionTime) => Decide(s, command with { ClaimId = claimId }, c, decisionTime), filed => filed.DecisionDueBy, command.Reasons, ct),
            Permissions.PursueClaims, "FileClaim", "File the claim (the person must have been informed of the options first); a claim in another jurisdiction is forwarded through this one as assisting authority. The decision's time limit is tracked.");
}

/// <summary>No decision by the deciding body's time limit: an overdue alert; the claim stays pending.</summary>
public sealed class ClaimDecisionOverdueHandler : IDeadlineHandler
{
    public string Kind => Claiming.DecisionDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<RemediesCase>(deadline.CaseId, ct);
        if (stream.Aggregate?.ClaimOf(deadline.Subject ?? Guid.Empty) is not { Stage: ClaimStage.Filed or ClaimStage.UnderReview or ClaimStage.Appealed, DecisionOverdue: false } claim) return;
        stream.AppendOne(new ClaimDecisionOverdue(deadline.CaseId, claim.ClaimId, claim.DecidingJurisdiction, claim.DecisionDueBy ?? deadline.DueAt, context.Now));
        session.Record(new DecisionBasis(Claiming.LegalBasis, $"No decision by {claim.DecidingBody} within its time limit."));
    }
}
