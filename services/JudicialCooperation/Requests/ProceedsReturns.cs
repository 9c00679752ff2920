using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Finance;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.JudicialCooperation.Requests;

public enum ProceedsOutcome { Granted, PartlyGranted, Refused }

/// <summary>Another state asks this one to return confiscated proceeds so that its victims can be compensated (UNTOC art. 14(2)).</summary>
public sealed record IncomingProceedsReturn(Guid Id, Guid CaseId, string Jurisdiction, string RequestingJurisdiction, Money Amount, DateTimeOffset ReceivedAt, ProceedsOutcome? Outcome = null, Money? Returned = null)
    : ICaseState, IEvolving<IncomingProceedsReturn>
{
    public static IncomingProceedsReturn? Fold(IncomingProceedsReturn? state, object @event) => (state, @event) switch
    {
        (null, ProceedsReturnRequestReceived e) => new IncomingProceedsReturn(e.RequestId, e.CaseId, e.Jurisdiction, e.RequestingJurisdiction, e.Amount, e.ReceivedAt),
        ({ } s, ProceedsReturnDecided e) => s with { Outcome = e.Outcome, Returned = e.Returned },
        _ => state,
    };
}

public sealed record ProceedsReturnRequestReceived(Guid RequestId, Guid CaseId, string Jurisdiction, string RequestingJurisdiction, Money Amount, DateTimeOffset ReceivedAt);

public sealed record ProceedsReturnDecided(Guid RequestId, Guid CaseId, string Jurisdiction, ProceedsOutcome Outcome, Money? Returned, string Currency, DateTimeOffset DecidedAt);

public static class ProceedsReturns
{
    public const string LegalBasis = "UNTOC art. 14(2) — priority to returning confiscated proceeds so the requesting state can compensate victims";

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

    public static RouteGroupBuilder MapProceedsReturns(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var jurisdiction = http.Actor().Jurisdiction;
                return Results.Ok(await session.Query<IncomingProceedsReturn>().Where(r => r.Jurisdiction == jurisdiction).OrderBy(r => r.ReceivedAt).Take(1000).ToListAsync(ct));
            })
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("ListIncomingProceedsReturns")
            .WithSummary("Requests from other states to return confiscated proceeds for their victims' compensation.").Produces<IReadOnlyList<IncomingProceedsReturn>>();
        group.MapGet("/{requestId:guid}", async (Guid requestId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await session.LoadAsync<IncomingProceedsReturn>(requestId, ct) is { } found && RequestAccess.MayRead(http.Actor(), found.Jurisdiction)
                    ? await session.GetCaseAsync<IncomingProceedsReturn>(requestId, http, s => s, ct) : Problems.NotFound("The request"))
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("GetIncomingProceedsReturn")
            .WithSummary("One request to return proceeds; the ETag is the version for If-Match.").Produces<IncomingProceedsReturn>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDecision("/{requestId:guid}/answer", async (Guid requestId, Answer command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "the grounds of the answer.")
                : command.Amount is { } a && Currencies.Problem(a, command.Currency) is { } problem ? Problems.Invalid(problem.Split(':')[0], problem)
                : await session.LoadAsync<IncomingProceedsReturn>(requestId, ct) is not { } found || !RequestAccess.MayRead(http.Actor(), found.Jurisdiction) ? Problems.NotFound("The request")
                : await session.DecideAsync<IncomingProceedsReturn>(requestId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.HandleJudicialRequests, "AnswerProceedsReturn", "Grant (fully or partly, with the amount) or refuse the return of proceeds; the answer goes back over the bus. Needs If-Match.");
        return group;
    }
}
