using Marten;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Return.Cases;

/// <summary>
/// Coordination with the country of return: the reception request to the partner's focal point (minimised,
/// on consent to transfer or a legal basis, never to a country the person claims protection from, only once
/// the safety and decision gates are open), its answers over the bus, travel documents, escort, departure
/// (every gate), arrival confirmed by the partner, and closure.
/// </summary>
public static class CoordinatingReturn
{
    public const string LegalBasis = "Trafficking Protocol art. 8(1)–(4); CETS 197 art. 16; TRM-EU SOP 4 — coordination with the country of return";

    public sealed record RequestReception(bool EscortRequired = false, string? LegalBasis = null, string? Reasons = null);

    public sealed record RecordTravelDocuments(string IssuedBy, string? Reasons = null);

    public sealed record ArrangeEscort(string EscortOrganisation, string? Reasons = null);

    public sealed record Depart(string? Reasons = null);

    public sealed record CloseReturn(ReturnClosure Outcome, string Reasons);

    public static Decision Decide(ReturnCase s, RequestReception command, Guid requestId, DecisionContext context)
    {
        if (s.Stage != ReturnStage.Preparing)
            return Refusal.Conflict("return-not-in-preparation", $"The return is {Codes.Of(s.Stage)}: a reception is requested while preparing a return.");
        var country = s.CountryOfReturn!;
        if ((s.ProtectionClaims ?? []).Any(c => c.Country == country && c.Status != ProtectionClaimStatus.Withdrawn))
            return ReturnGates.Closed("non-refoulement-no-contact",
                $"The person claimed international protection against {country}: no request goes to its authorities.", ReturnGates.NonRefoulement);
        if (s.Reception is not null)
            return Refusal.Conflict("reception-already-requested", $"Reception was already requested from {s.Reception.ToJurisdiction}.");
        if (ReturnGates.InformedDecision(s).Concat(ReturnGates.Safety(s)).FirstOrDefault() is { } gate) return gate;
        var consent = (s.TransferConsents ?? []).FirstOrDefault(c => !c.Withdrawn && c.Jurisdictions.Contains(country) && (!s.IsChild || c.GivenBy == "guardian"));
        if (consent is null && string.IsNullOrWhiteSpace(command.LegalBasis))
            return new Refusal("cross-border-transfer-needs-consent-or-legal-basis",
                $"A reception request to {country} needs the person's consent to cross-border transfer to {country}{(s.IsChild ? " (the guardian's)" : "")}, or a stated legal basis.",
                "GDPR arts. 44–49; CETS 197 art. 11");
        return Decision.Accept(new ReceptionRequested(s.Id, requestId, s.Jurisdiction, country, s.IsChild, command.EscortRequired || s.IsChild, consent is not null, context.Now));
    }

    public static Decision Decide(ReturnCase s, RecordTravelDocuments command, DecisionContext context) =>
        s.Stage != ReturnStage.Preparing ? Refusal.Conflict("return-not-in-preparation", "Travel documents are recorded while preparing a return.")
        : Decision.Accept(new TravelDocumentsIssued(s.Id, command.IssuedBy, context.Now));

    public static Decision Decide(ReturnCase s, ArrangeEscort command, DecisionContext context) =>
        s.Stage != ReturnStage.Preparing ? Refusal.Conflict("return-not-in-preparation", "An escort is arranged while preparing a return.")
        : Decision.Accept(new EscortArranged(s.Id, command.EscortOrganisation, context.Now));

    /// <summary>Departure passes every gate: the informed decision, safety (non-refoulement, risk, a child's safeguards) and the practical ones.</summary>
    public static Decision Decide(ReturnCase s, Depart command, DecisionContext context)
    {
        if (s.Stage != ReturnStage.Preparing)
            return Refusal.Conflict("return-not-in-preparation", $"The return is {Codes.Of(s.Stage)}.");
        if (ReturnGates.Pending(s).FirstOrDefault() is { } gate) return gate;
        return Decision.Accept(new ReturnDeparted(s.Id, s.Reception!.RequestId, s.Reception.ToJurisdiction, s.EscortOrganisation is not null, context.Now));
    }

    public static Decision Decide(ReturnCase s, CloseReturn command, DecisionContext context) => (s.Stage, command.Outcome) switch
    {
        (ReturnStage.NotRequested or ReturnStage.Closed, _) => Refusal.Conflict("return-not-open", "There is no open return to close."),
        (ReturnStage.Departed, _) => Refusal.Conflict("return-awaiting-arrival", "The person has departed: the return closes once the country of return confirms the arrival."),
        (ReturnStage.Arrived, not ReturnClosure.Returned) or (not ReturnStage.Arrived, ReturnClosure.Returned) =>
            new Refusal("return-closure-outcome", "'returned' is the outcome once the arrival is confirmed, and only then."),
        (ReturnStage.Preparing, ReturnClosure.ConsentWithdrawn) => new Refusal("return-closure-outcome", "The consent is in force; withdraw it first."),
        _ => Decision.Accept(new ReturnClosed(s.Id, s.Jurisdiction, command.Outcome, context.Now)),
    };

    /// <summary>An answer from the country of return, heard on the bus: only from the jurisdiction asked, for the request made.</summary>
    public static Decision Answer(ReturnCase s, Guid requestId, string answeringJurisdiction, Func<Reception, object?> answer)
    {
        if (s.Reception is not { } reception || reception.RequestId != requestId || reception.ToJurisdiction != answeringJurisdiction)
            return new Refusal("reception-answer-unexpected", $"No reception request {requestId} to {answeringJurisdiction} on this case.");
        return answer(reception) is { } e ? Decision.Accept(e) : Decision.NothingToDo;
    }

    public static RouteGroupBuilder MapCoordinatingReturn(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/reception-request", async (Guid caseId, RequestReception command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.LegalBasis is { Length: > 500 } ? Problems.Invalid("legalBasis", "at most 500 characters.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, Guid.CreateVersion7(), c), new DecisionBasis(command.LegalBasis ?? LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RequestReception",
            "Ask the country of return's focal point to receive the person (ids and codes only; on consent to transfer or a legal basis; never to a country the person claims protection from; only once informed consent and the safety gates are in place). Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/travel-documents", async (Guid caseId, RecordTravelDocuments command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !OrganisationCodes.IsValid(command.IssuedBy) ? Problems.Invalid("issuedBy", $"the consulate's organisation code: {OrganisationCodes.Format}.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RecordTravelDocuments", "Record the travel documents issued through the consulate. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/escort", async (Guid caseId, ArrangeEscort command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !OrganisationCodes.IsValid(command.EscortOrganisation) ? Problems.Invalid("escortOrganisation", $"the escorting organisation's code: {OrganisationCodes.Format}.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "ArrangeEscort", "Record the escort (required for a child). Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/departure", async (Guid caseId, Depart command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RecordDeparture", "Record the departure — refused (409, with the gate) unless every gate is open; see GET …/return-gates. Needs If-Match.");
        cases.MapDecision("/{caseId:guid}/return-closure", async (Guid caseId, CloseReturn command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "why the return closes.")
                : await session.DecideAsync<ReturnCase>(caseId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "CloseReturn", "Close the return: returned (after the arrival), person-stays, consent-withdrawn, third-country. Needs If-Match.");

        cases.MapGet("/{caseId:guid}/return-gates", async (Guid caseId, IQuerySession session, CancellationToken ct) =>
                await session.Events.AggregateStreamAsync<ReturnCase>(caseId, token: ct) is { } s
                    ? Results.Ok(new ReturnGatesView(s.Id, s.Stage, ReturnGates.Pending(s).Select(g => new PendingGate(g.Rule, g.Detail, g.LegalSource)).ToList()))
                    : Problems.NotFound("The case"))
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("GetReturnGates")
            .WithSummary("The gates that stand between the return and departure today, each with its rule, why and its legal source — exactly what the departure decision checks.")
            .Produces<ReturnGatesView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return cases;
    }

    /// <summary><c>GET /api/return/returns?stage=</c>: return cases by stage in the caller's scope, with their pending gates.</summary>
    public static RouteGroupBuilder MapReturnList(this RouteGroupBuilder returns)
    {
        returns.MapGet("/", async (string? stage, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                ReturnStage? wanted = null;
                if (stage is not null)
                {
                    if (!Codes.TryParse<ReturnStage>(stage, out var parsed)) return Problems.Invalid("stage", $"one of {string.Join(", ", Enum.GetValues<ReturnStage>().Select(s => Codes.Of(s)))}.");
                    wanted = parsed;
                }
                var actor = http.Actor();
                var now = http.Now();
                var query = session.Query<ReturnCase>().Where(c => c.Jurisdiction == actor.Jurisdiction && c.Stage != ReturnStage.NotRequested);
                if (wanted is { } w) query = query.Where(c => c.Stage == w);
                var candidates = await query.OrderBy(c => c.RequestedAt).Take(1000).ToListAsync(ct);
                var registered = (await session.LoadManyAsync<RegisteredCase>(ct, candidates.Select(c => c.Id))).ToDictionary(r => r.Id);
                return Results.Ok(candidates.Where(c => registered.GetValueOrDefault(c.Id)?.Allows(actor, now) == true)
                    .Select(c => new ReturnGatesView(c.Id, c.Stage, ReturnGates.Pending(c).Select(g => new PendingGate(g.Rule, g.Detail, g.LegalSource)).ToList(), c.CountryOfReturn))
                    .ToList());
            })
            .RequireAuthorization(Permissions.ReadCase)
            .WithName("ListReturns")
            .WithSummary("Returns in your scope (?stage=preparing, stopped, departed, arrived, closed), each with its pending gates and why.")
            .Produces<IReadOnlyList<ReturnGatesView>>();
        return returns;
    }
}

public sealed record PendingGate(string Rule, string Why, string? LegalSource);

public sealed record ReturnGatesView(Guid CaseId, ReturnStage Stage, IReadOnlyList<PendingGate> PendingGates, string? CountryOfReturn = null);
