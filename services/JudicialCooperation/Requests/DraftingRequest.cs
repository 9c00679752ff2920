namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>An outgoing request drafted: its type, the counterpart state, urgency and the persons concerned by case id and role.</summary>
public static class DraftingRequest
{
    public sealed record Draft(RequestType Type, string CounterpartJurisdiction, bool Urgent, IReadOnlyList<Person> Persons, string? Reasons = null)
    {
        /// <summary>The new request's id, minted by the endpoint.</summary>
        [JsonIgnore] public Guid RequestId { get; init; }
    }

    /// <summary>A request drafted: its id (the stream every later decision on it names) and its version (the ETag).</summary>
    public sealed record RequestCreated(Guid RequestId, long Version);

    /// <summary>The request is drafted in the drafter's jurisdiction; a stream that already exists is left as it is.</summary>
    public static Decision Decide(JudicialRequest? state, Draft command, DecisionContext context) =>
        state is not null ? Decision.NothingToDo
        : command.CounterpartJurisdiction == context.Actor.Jurisdiction ? new Refusal("request-to-another-state", "A request goes to another state's authority.")
        : Decision.Accept(new RequestDrafted(command.RequestId, command.Type, context.Actor.Jurisdiction, command.CounterpartJurisdiction, command.Urgent, command.Persons.Distinct().ToList(), context.Now));

    public static RouteHandlerBuilder MapDraftingRequest(this RouteGroupBuilder requests) =>
        requests.MapPost("/", async (Draft command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!Jurisdictions.IsValid(command.CounterpartJurisdiction)) return Problems.Invalid("counterpartJurisdiction", "an ISO 3166-1 alpha-2 code.");
                if (command.Persons is null || command.Persons.Any(p => p is null || p.CaseId == Guid.Empty)) return Problems.Invalid("persons", "each person by the case id and a role.");
                if (await UnseenCaseAsync(session, command.Persons, http, ct)) return Problems.NotFound("The case");
                var requestId = Guid.CreateVersion7();
                var decision = Decide(null, command with { RequestId = requestId }, new DecisionContext(http.Actor(), http.Now()));
                if (decision.Refusal is { } refusal) return refusal.ToProblem();
                session.Events.StartStream<JudicialRequest>(requestId, decision.Events.ToArray());
                session.Record(new DecisionBasis(Cooperating.LegalBasis, command.Reasons));
                return DecisionResult.Created($"/api/judicial/requests/{requestId}", new RequestCreated(requestId, decision.Events.Count), decision.Events.Count);
            })
            .WithDecision()
            .RequireAuthorization(Permissions.HandleJudicialRequests).WithName("DraftRequest")
            .WithSummary("Draft an outgoing request: type (mutual legal assistance, extradition, joint investigation team, transfer of proceedings, police cooperation), counterpart, urgency, persons concerned by case id and role.")
            .Produces<RequestCreated>(StatusCodes.Status201Created).ProducesValidationProblem();

    /// <summary>
    /// A request names cases the drafter may see (<see cref="RegisteredCase.Allows"/>): a victim by a case in the register,
    /// and a prosecuted person either by a case the drafter may see or by a reference the register does not hold (a suspect
    /// without a victim's case). A case the caller may not see is answered as an unknown one.
    /// </summary>
    private static async Task<bool> UnseenCaseAsync(IQuerySession session, IReadOnlyList<Person> persons, HttpContext http, CancellationToken ct)
    {
        var ids = persons.Select(p => p.CaseId).Distinct().ToArray();
        var registered = (await session.LoadManyAsync<RegisteredCase>(ct, ids)).ToDictionary(c => c.Id);
        var actor = http.Actor();
        var now = http.Now();
        return persons.Any(p => registered.GetValueOrDefault(p.CaseId) is { } known ? !known.Allows(actor, now) : p.IsVictim);
    }
}
