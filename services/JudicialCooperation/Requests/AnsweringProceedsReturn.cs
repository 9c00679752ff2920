namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>Grant (fully or partly, with the amount) or refuse another state's request to return confiscated proceeds; the answer goes back over the bus.</summary>
public static class AnsweringProceedsReturn
{
    [Reasons("the grounds of the answer.")]
    public sealed record Answer(ProceedsOutcome Outcome, string Reasons, decimal? Amount = null, string? Currency = null);

    public static Decision Decide(IncomingProceedsReturn s, Answer command, DecisionContext context)
    {
        if (s.Outcome is not null) return Refusal.Conflict("proceeds-return-answered", "This request was already answered.");
        if (command.Outcome == ProceedsOutcome.Refused) return Decision.Accept(new ProceedsReturnDecided(s.Id, s.CaseId, s.Jurisdiction, command.Outcome, null, s.Amount.Currency, context.Now));
        if (command.Amount is not { } amount || command.Currency != s.Amount.Currency)
            return new Refusal("proceeds-return-amount", $"A grant names the amount returned, in {s.Amount.Currency}.");
        if (amount > s.Amount.Amount) return new Refusal("proceeds-return-amount", $"At most the {s.Amount} requested.");
        var outcome = amount == s.Amount.Amount ? ProceedsOutcome.Granted : ProceedsOutcome.PartlyGranted;
        return Decision.Accept(new ProceedsReturnDecided(s.Id, s.CaseId, s.Jurisdiction, outcome, new Money(amount, s.Amount.Currency), s.Amount.Currency, context.Now));
    }

    public static RouteHandlerBuilder MapAnsweringProceedsReturn(this RouteGroupBuilder group) =>
        group.MapDecision("/{requestId:guid}/answer", async (Guid requestId, Answer command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Amount is { } a && Currencies.Problem(a, command.Currency) is { } problem ? Problems.Invalid(problem.Split(':')[0], problem)
                : await ProceedsReturns.FindAsync(session, requestId, http, ct) is null ? Problems.NotFound("The request")
                : await session.DecideAsync<IncomingProceedsReturn>(requestId, http, (s, c) => Decide(s, command, c), new DecisionBasis(ProceedsReturns.LegalBasis, command.Reasons), ct),
            Permissions.HandleJudicialRequests, "AnswerProceedsReturn", "Grant (fully or partly, with the amount) or refuse the return of proceeds; the answer goes back over the bus.");
}
