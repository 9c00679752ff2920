namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>A joint investigation team established on an acknowledged request for one, with its member jurisdictions (both states always among them).</summary>
public static class EstablishingJointInvestigationTeam
{
    public sealed record EstablishJit(IReadOnlyList<string> MemberJurisdictions, string? Reasons = null);

    public static Decision Decide(JudicialRequest state, EstablishJit command, DecisionContext context) =>
        state.Type != RequestType.JointInvestigationTeam ? Refusal.Conflict("not-a-jit-request", "Only a joint investigation team request establishes a team.")
        : state.Stage is not (RequestStage.Acknowledged or RequestStage.UnderExecution or RequestStage.Executed) ? Refusal.Conflict("jit-after-acknowledgement", "A team is established once the request is acknowledged.")
        : Decision.Accept(new JitEstablished(state.Id, [.. command.MemberJurisdictions.Append(state.Jurisdiction).Append(state.Counterpart).Distinct().Order()], context.Now));

    public static RouteHandlerBuilder MapEstablishingJointInvestigationTeam(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/joint-investigation-team", (Guid requestId, EstablishJit command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.MemberJurisdictions is null || command.MemberJurisdictions.Any(j => !Jurisdictions.IsValid(j)) ? Task.FromResult(Problems.Invalid("memberJurisdictions", "ISO 3166-1 alpha-2 codes."))
                : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "EstablishJointInvestigationTeam", "Record the joint investigation team established, with its member jurisdictions.");
}
