namespace TransnationalReferral.Protection.Incoming;

/// <summary>A relocation this focal point accepted is reported arranged (it goes back as a signed outcome <c>relocation-arranged</c>).</summary>
public static class ReportingRelocationArranged
{
    public sealed record ReportArranged(string? Reasons = null);

    public static Decision Decide(IncomingProtectionRequest state, ReportArranged command, DecisionContext context) =>
        state.Purpose != IncomingPurpose.WitnessRelocation ? new Refusal("arranged-is-for-relocation", "Only a relocation request is reported arranged.")
        : state.Stage != IncomingStage.Accepted ? Refusal.Conflict("relocation-arranged-after-acceptance", $"A relocation is arranged once it was accepted (the request is {Codes.Of(state.Stage)}).")
        : Decision.Accept(new IncomingRelocationArranged(state.Id, state.CaseReference, state.FromJurisdiction, state.Jurisdiction, context.Now));

    public static RouteHandlerBuilder MapReportingRelocationArranged(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/relocation-arranged", (Guid requestId, ReportArranged command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                AnsweringPartnerRequests.DecideOnRequestAsync(session, requestId, http, command.Reasons, (state, context) => Decide(state, command, context), ct),
            Permissions.DecideOnCase, "ReportPartnerRelocationArranged",
            "Report an accepted relocation arranged (goes back as a signed outcome relocation-arranged).");
}
