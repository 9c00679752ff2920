namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// An entry in a joint investigation team's information-sharing log: which member shared with which (member jurisdictions or
/// member organisation codes), the category of information by code, its handling code and when — never the content. Only
/// between members of an established team, and only with a handling code that lets it cross. The entry crosses to the other
/// state's node as a signed update and is recorded there once (<see cref="Received"/>, by its entry id).
/// </summary>
public static class SharingJitInformation
{
    public sealed record RecordSharing(string FromMember, string ToMember, string Category, string HandlingCode, DateTimeOffset? SharedAt = null, string? Reasons = null)
    {
        /// <summary>The entry's id, minted by the endpoint (the other node records the entry under the same id).</summary>
        [JsonIgnore] public Guid EntryId { get; init; }
    }

    /// <summary>The handling codes an entry may carry: the log crosses to the other state, so never <c>national-only</c>.</summary>
    public static readonly IReadOnlyList<string> HandlingCodesThatCross = [HandlingCodes.PurposeOnly, HandlingCodes.NoOnwardSharing];

    public static Decision Decide(JudicialRequest state, RecordSharing command, DecisionContext context) =>
        Check(state, command) ?? Decision.Accept(new JitInformationShared(state.Id, command.EntryId, command.FromMember, command.ToMember, command.Category, command.HandlingCode,
            command.SharedAt ?? context.Now, state.Jurisdiction, context.Now));

    /// <summary>The entry as the other state's node recorded it (its signed update): recorded once, by the same rules.</summary>
    public static Decision Received(JudicialRequest state, RecordSharing command, string from, DecisionContext context) =>
        state.Counterpart != from ? new Refusal("answer-unexpected", $"Request {state.Id} is not shared with {from}.")
        : (state.JitSharingLog ?? []).Any(e => e.EntryId == command.EntryId) ? Decision.NothingToDo
        : Check(state, command) ?? Decision.Accept(new JitInformationShared(state.Id, command.EntryId, command.FromMember, command.ToMember, command.Category, command.HandlingCode,
            command.SharedAt ?? context.Now, from, context.Now));

    private static Refusal? Check(JudicialRequest state, RecordSharing command)
    {
        if (state.Type != RequestType.JointInvestigationTeam || state.JitMembers is null)
            return Refusal.Conflict("jit-not-established", "Information sharing is logged on an established joint investigation team.", "POST /api/judicial/requests/{requestId}/joint-investigation-team");
        var members = state.JitMembers.Concat(state.JitOrganisations ?? []).ToHashSet();
        if (!members.Contains(command.FromMember) || !members.Contains(command.ToMember) || command.FromMember == command.ToMember)
            return new Refusal("jit-sharing-only-between-members",
                $"Information is shared within the team only, from one member to another ({string.Join(", ", members.Order())}); '{command.FromMember}' → '{command.ToMember}' is not.",
                EstablishingJointInvestigationTeam.LegalSource);
        if (!HandlingCodesThatCross.Contains(command.HandlingCode))
            return new Refusal("jit-sharing-handling-code", $"A sharing in the team's log carries a handling code that lets it reach the other state ({string.Join(", ", HandlingCodesThatCross)}), not '{command.HandlingCode}'.",
                "Handling code of the originating authority; UNTOC art. 19");
        return null;
    }

    public static RouteHandlerBuilder MapSharingJitInformation(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/joint-investigation-team/sharing-log", (Guid requestId, RecordSharing command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !IsMember(command.FromMember) ? Task.FromResult(Problems.Invalid("fromMember", "a member jurisdiction (ISO 3166-1 alpha-2) or organisation code."))
                : !IsMember(command.ToMember) ? Task.FromResult(Problems.Invalid("toMember", "a member jurisdiction (ISO 3166-1 alpha-2) or organisation code."))
                : !OrganisationCodes.IsValid(command.Category) ? Task.FromResult(Problems.Invalid("category", "the category of information, a code (never content)."))
                : RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command with { EntryId = Guid.CreateVersion7() }, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "RecordJitInformationSharing",
            "Log a sharing of information within the joint investigation team: from which member to which, the category and handling codes, when (never the content); it crosses to the other state's node.");

    private static bool IsMember(string? code) => Jurisdictions.IsValid(code) || OrganisationCodes.IsValid(code);
}
