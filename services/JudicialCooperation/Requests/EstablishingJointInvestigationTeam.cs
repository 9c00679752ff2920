namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// A joint investigation team established on an acknowledged request for one (UNTOC art. 19), with its member jurisdictions
/// (both states always among them) and member organisations by code. The membership crosses to the other state's node as
/// a signed update and is recorded there once (<see cref="Joined"/>).
/// </summary>
public static class EstablishingJointInvestigationTeam
{
    public const string LegalSource = "UNTOC art. 19 (joint investigations)";

    public sealed record EstablishJit(IReadOnlyList<string> MemberJurisdictions, string? Reasons = null, IReadOnlyList<string>? MemberOrganisations = null);

    public static Decision Decide(JudicialRequest state, EstablishJit command, DecisionContext context) =>
        state.Type != RequestType.JointInvestigationTeam ? Refusal.Conflict("not-a-jit-request", "Only a joint investigation team request establishes a team.")
        : state.Stage is not (RequestStage.Acknowledged or RequestStage.UnderExecution or RequestStage.Executed) ? Refusal.Conflict("jit-after-acknowledgement", "A team is established once the request is acknowledged.")
        : Decision.Accept(new JitEstablished(state.Id, [.. command.MemberJurisdictions.Append(state.Jurisdiction).Append(state.Counterpart).Distinct().Order()], context.Now,
            [.. (command.MemberOrganisations ?? []).Distinct().Order()], state.Jurisdiction));

    /// <summary>
    /// The other state's node established the team (its signed update): recorded here once, when its membership names both
    /// states; the same membership again changes nothing.
    /// </summary>
    public static Decision Joined(JudicialRequest state, IReadOnlyList<string> memberJurisdictions, IReadOnlyList<string> memberOrganisations, string from, DecisionContext context) =>
        state.Type != RequestType.JointInvestigationTeam || state.Counterpart != from ? Refusal.Conflict("not-a-jit-request", $"Request {state.Id} is no joint investigation team request with {from}.")
        : !memberJurisdictions.Contains(state.Jurisdiction) || !memberJurisdictions.Contains(from)
            ? new Refusal("jit-membership-both-states", $"A joint investigation team of request {state.Id} has both {state.Jurisdiction} and {from} among its members.", LegalSource)
        : (state.JitMembers ?? []).SequenceEqual(memberJurisdictions.Distinct().Order()) && (state.JitOrganisations ?? []).SequenceEqual(memberOrganisations.Distinct().Order()) ? Decision.NothingToDo
        : Decision.Accept(new JitEstablished(state.Id, [.. memberJurisdictions.Distinct().Order()], context.Now, [.. memberOrganisations.Distinct().Order()], from));

    public static RouteHandlerBuilder MapEstablishingJointInvestigationTeam(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/joint-investigation-team", (Guid requestId, EstablishJit command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.MemberJurisdictions is null || command.MemberJurisdictions.Any(j => !Jurisdictions.IsValid(j)) ? Task.FromResult(Problems.Invalid("memberJurisdictions", "ISO 3166-1 alpha-2 codes."))
                : (command.MemberOrganisations ?? []).Any(o => !OrganisationCodes.IsValid(o)) ? Task.FromResult(Problems.Invalid("memberOrganisations", "organisation codes."))
                : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "EstablishJointInvestigationTeam",
            "Record the joint investigation team established, with its member jurisdictions and member organisations (by code); it crosses to the other state's node.");
}
