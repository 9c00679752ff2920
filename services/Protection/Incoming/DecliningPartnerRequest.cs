namespace TransnationalReferral.Protection.Incoming;

/// <summary>This focal point declines a partner's relocation or continuity request with a reason code (the code goes back signed).</summary>
public static class DecliningPartnerRequest
{
    public sealed record Decline(string ReasonCode, string? Reasons = null);

    public static Decision Decide(IncomingProtectionRequest state, Decline command, DecisionContext context) =>
        state.Stage is IncomingStage.Declined or IncomingStage.RelocationArranged || (state.Stage == IncomingStage.Accepted && state.Purpose == IncomingPurpose.ProtectionContinuity)
            ? Refusal.Conflict("partner-request-already-answered", $"The request was answered ({Codes.Of(state.Stage)}).")
            : !DeclineReasons.All.Contains(command.ReasonCode) ? new Refusal("decline-reason-code", $"The reason code is one of {string.Join(", ", DeclineReasons.All)}.")
            : Decision.Accept(new ProtectionRequestDeclined(state.Id, state.Purpose, state.CaseReference, state.FromJurisdiction, state.Jurisdiction, command.ReasonCode, context.Now));

    public static RouteHandlerBuilder MapDecliningPartnerRequest(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/decline", async (Guid requestId, Decline command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.ReasonCode) ? Problems.Invalid("reasonCode", $"one of {string.Join(", ", DeclineReasons.All)}.")
                : await AnsweringPartnerRequests.DecideOnRequestAsync(session, requestId, http, command.Reasons, (state, context) => Decide(state, command, context), ct),
            Permissions.DecideOnCase, "DeclinePartnerProtectionRequest",
            "Decline a partner's relocation or continuity request with a reason code (the code goes back signed; the reasons stay here).");
}
