using Marten;
using TransnationalReferral.Contracts.CrossBorder;
using TransnationalReferral.Protection.Cases;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Protection.Incoming;

public enum IncomingPurpose { WitnessRelocation, ProtectionContinuity }

public enum IncomingStage { Received, Accepted, Declined, RelocationArranged }

/// <summary>
/// A witness-relocation or protection-continuity request a partner node sent to this jurisdiction over the cross-border
/// exchange, for this focal point to answer: accept (for continuity, with the services this state will provide), decline
/// with a reason code, and — for a relocation it accepted — report it arranged. The answers go back signed. The stream id
/// is the request id; the case reference is the partner's case id. No personal data: the relocation or the assistance
/// itself is arranged between the authorities, outside this record.
/// </summary>
public sealed record IncomingProtectionRequest(
    Guid Id,
    IncomingPurpose Purpose,
    Guid CaseReference,
    string FromJurisdiction,
    string Jurisdiction,
    bool ChildCase,
    bool ForFamilyMembers,
    IReadOnlyList<Need> Services,
    DateTimeOffset RespondBy,
    DateTimeOffset ReceivedAt,
    IncomingStage Stage,
    IReadOnlyList<Need>? ServicesProvided = null,
    string? DeclineReason = null,
    DateTimeOffset? AnsweredAt = null,
    DateTimeOffset? ArrangedAt = null) : ICaseState, IEvolving<IncomingProtectionRequest>
{
    public static IncomingProtectionRequest? Fold(IncomingProtectionRequest? state, object @event) => (state, @event) switch
    {
        (null, ProtectionRequestReceived e) => new IncomingProtectionRequest(e.RequestId, e.Purpose, e.CaseReference, e.FromJurisdiction, e.Jurisdiction, e.ChildCase,
            e.ForFamilyMembers, e.Services, e.RespondBy, e.ReceivedAt, IncomingStage.Received),
        ({ } s, ProtectionRequestAccepted e) => s with { Stage = IncomingStage.Accepted, ServicesProvided = e.Services, AnsweredAt = e.AcceptedAt },
        ({ } s, ProtectionRequestDeclined e) => s with { Stage = IncomingStage.Declined, DeclineReason = e.ReasonCode, AnsweredAt = e.DeclinedAt },
        ({ } s, IncomingRelocationArranged e) => s with { Stage = IncomingStage.RelocationArranged, ArrangedAt = e.ArrangedAt },
        _ => state,
    };
}

public sealed record ProtectionRequestReceived(Guid RequestId, IncomingPurpose Purpose, Guid CaseReference, string FromJurisdiction, string Jurisdiction, bool ChildCase,
    bool ForFamilyMembers, IReadOnlyList<Need> Services, DateTimeOffset RespondBy, DateTimeOffset ReceivedAt);

public sealed record ProtectionRequestAccepted(Guid RequestId, IncomingPurpose Purpose, Guid CaseReference, string FromJurisdiction, string Jurisdiction, IReadOnlyList<Need> Services, DateTimeOffset AcceptedAt);

public sealed record ProtectionRequestDeclined(Guid RequestId, IncomingPurpose Purpose, Guid CaseReference, string FromJurisdiction, string Jurisdiction, string ReasonCode, DateTimeOffset DeclinedAt);

public sealed record IncomingRelocationArranged(Guid RequestId, Guid CaseReference, string FromJurisdiction, string Jurisdiction, DateTimeOffset ArrangedAt);

/// <summary>The requested side, under <c>/api/protection/incoming-requests</c>: a partner's request received, and this focal point's answers.</summary>
public static class AnsweringPartnerRequests
{
    public const string LegalBasis = "UNTOC art. 24(3); CETS 197 arts. 16, 28 and 32–33; TRM-EU SOP 4 — a partner's request to relocate a witness or continue assistance";

    /// <summary>The question a relocation request carries, and the one that extends it to the witness's family members.</summary>
    public const string RelocationQuestion = "relocation";
    public const string FamilyMembersQuestion = "for-family-members";

    public sealed record Accept(IReadOnlyList<Need>? Services = null, string? Reasons = null);

    public sealed record Decline(string ReasonCode, string? Reasons = null);

    public sealed record ReportArranged(string? Reasons = null);

    public static Decision Receive(IncomingProtectionRequest? state, CrossBorderRequest request, IncomingPurpose purpose, string jurisdiction, DecisionContext context)
    {
        if (state is not null) return Decision.NothingToDo;
        var services = new List<Need>();
        var forFamily = false;
        foreach (var question in request.Questions)
        {
            if (purpose == IncomingPurpose.ProtectionContinuity && Codes.TryParse<Need>(question, out var need)) services.Add(need);
            else if (purpose == IncomingPurpose.WitnessRelocation && question == FamilyMembersQuestion) forFamily = true;
            else if (purpose == IncomingPurpose.WitnessRelocation && question == RelocationQuestion) { }
            else return new Refusal("protection-request-questions", $"'{question}' is not a question of a {Codes.Of(purpose)} request.");
        }
        if (purpose == IncomingPurpose.ProtectionContinuity && services.Count == 0)
            return new Refusal("protection-request-questions", "A protection-continuity request names the services (need codes) to continue.");
        return Decision.Accept(new ProtectionRequestReceived(request.RequestId, purpose, request.CaseReference, request.FromJurisdiction, jurisdiction, request.ChildCase, forFamily,
            services.Distinct().ToList(), request.RespondBy, context.Now));
    }

    public static Decision Decide(IncomingProtectionRequest s, Accept command, DecisionContext context)
    {
        if (s.Stage != IncomingStage.Received) return Refusal.Conflict("partner-request-already-answered", $"The request was answered ({Codes.Of(s.Stage)}); it is accepted or declined once.");
        var services = (command.Services ?? []).Distinct().ToList();
        if (s.Purpose == IncomingPurpose.ProtectionContinuity && services.Count == 0)
            return new Refusal("continuity-services-provided", "Accepting a continuity request says which services (need codes) this state will provide.");
        if (s.Purpose == IncomingPurpose.WitnessRelocation && services.Count > 0)
            return new Refusal("relocation-has-no-services", "A relocation is accepted as such; services belong to a continuity request.");
        return Decision.Accept(new ProtectionRequestAccepted(s.Id, s.Purpose, s.CaseReference, s.FromJurisdiction, s.Jurisdiction, services, context.Now));
    }

    public static Decision Decide(IncomingProtectionRequest s, Decline command, DecisionContext context) =>
        s.Stage is IncomingStage.Declined or IncomingStage.RelocationArranged || (s.Stage == IncomingStage.Accepted && s.Purpose == IncomingPurpose.ProtectionContinuity)
            ? Refusal.Conflict("partner-request-already-answered", $"The request was answered ({Codes.Of(s.Stage)}).")
            : !DeclineReasons.All.Contains(command.ReasonCode) ? new Refusal("decline-reason-code", $"The reason code is one of {string.Join(", ", DeclineReasons.All)}.")
            : Decision.Accept(new ProtectionRequestDeclined(s.Id, s.Purpose, s.CaseReference, s.FromJurisdiction, s.Jurisdiction, command.ReasonCode, context.Now));

    public static Decision Decide(IncomingProtectionRequest s, ReportArranged command, DecisionContext context) =>
        s.Purpose != IncomingPurpose.WitnessRelocation ? new Refusal("arranged-is-for-relocation", "Only a relocation request is reported arranged.")
        : s.Stage != IncomingStage.Accepted ? Refusal.Conflict("relocation-arranged-after-acceptance", $"A relocation is arranged once it was accepted (the request is {Codes.Of(s.Stage)}).")
        : Decision.Accept(new IncomingRelocationArranged(s.Id, s.CaseReference, s.FromJurisdiction, s.Jurisdiction, context.Now));

    /// <summary>
    /// Only this jurisdiction's focal point (and auditors) see the requests partners sent it (the roles of
    /// <see cref="Permissions.ReadCrossBorder"/>); a case worker of any organisation, whose role may decide on cases,
    /// is told "not found" instead of answering a partner's request it cannot read.
    /// </summary>
    private static async Task<IncomingProtectionRequest?> FindAsync(IQuerySession session, Guid requestId, HttpContext http, CancellationToken ct) =>
        await session.LoadAsync<IncomingProtectionRequest>(requestId, ct) is { } found && found.Jurisdiction == http.Actor().Jurisdiction
            && Permissions.Matrix[Permissions.ReadCrossBorder].Contains(http.Actor().Role) ? found : null;

    private const string What = "The partner's protection request";

    public static RouteGroupBuilder MapAnsweringPartnerRequests(this RouteGroupBuilder requests)
    {
        requests.MapGet("/", async (string? purpose, string? stage, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                IncomingPurpose? wantedPurpose = null;
                IncomingStage? wantedStage = null;
                if (purpose is not null)
                {
                    if (!Codes.TryParse<IncomingPurpose>(purpose, out var parsed))
                        return Problems.Invalid("purpose", $"one of {string.Join(", ", Enum.GetValues<IncomingPurpose>().Select(p => Codes.Of(p)))}.");
                    wantedPurpose = parsed;
                }
                if (stage is not null)
                {
                    if (!Codes.TryParse<IncomingStage>(stage, out var parsed))
                        return Problems.Invalid("stage", $"one of {string.Join(", ", Enum.GetValues<IncomingStage>().Select(s => Codes.Of(s)))}.");
                    wantedStage = parsed;
                }
                var jurisdiction = http.Actor().Jurisdiction;
                var query = session.Query<IncomingProtectionRequest>().Where(r => r.Jurisdiction == jurisdiction);
                if (wantedPurpose is { } p) query = query.Where(r => r.Purpose == p);
                if (wantedStage is { } w) query = query.Where(r => r.Stage == w);
                return Results.Ok(await query.OrderBy(r => r.RespondBy).Take(1000).ToListAsync(ct));
            })
            .RequireAuthorization(Permissions.ReadCrossBorder).WithName("ListIncomingProtectionRequests")
            .WithSummary("Witness-relocation and protection-continuity requests partners sent your jurisdiction, by purpose and stage, soonest due first.")
            .Produces<IReadOnlyList<IncomingProtectionRequest>>();

        requests.MapGet("/{requestId:guid}", async (Guid requestId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await FindAsync(session, requestId, http, ct) is null ? Problems.NotFound(What)
                    : await session.GetCaseAsync<IncomingProtectionRequest>(requestId, http, s => s, ct))
            .RequireAuthorization(Permissions.ReadCrossBorder).WithName("GetIncomingProtectionRequest")
            .WithSummary("One request from a partner; the ETag is the version to send in If-Match.").Produces<IncomingProtectionRequest>().ProducesProblem(StatusCodes.Status404NotFound);

        requests.MapGet("/{requestId:guid}/history", async (Guid requestId, string? purpose, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await FindAsync(session, requestId, http, ct) is not { } found ? Problems.NotFound(What)
                    : await session.GetHistoryAsync(requestId, purpose, http, ct, (found.CaseReference, found.Jurisdiction)))
            .RequireAuthorization(Permissions.ReadCrossBorder).WithName("GetIncomingProtectionRequestHistory")
            .WithSummary("Every decision on the request with who took it and why. Needs ?purpose= (logged).").Produces<IReadOnlyList<HistoryEntry>>();

        requests.MapDecision("/{requestId:guid}/acceptance", async (Guid requestId, Accept command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Reasons is { Length: > 2000 } ? Problems.Invalid("reasons", "at most 2,000 characters.")
                : await FindAsync(session, requestId, http, ct) is null ? Problems.NotFound(What)
                : await session.DecideAsync<IncomingProtectionRequest>(requestId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "AcceptPartnerProtectionRequest",
            "Accept a partner's relocation request, or its continuity request with the services (need codes) this state will provide (goes back signed; the reasons stay here). Needs If-Match.");

        requests.MapDecision("/{requestId:guid}/decline", async (Guid requestId, Decline command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.ReasonCode) ? Problems.Invalid("reasonCode", $"one of {string.Join(", ", DeclineReasons.All)}.")
                : command.Reasons is { Length: > 2000 } ? Problems.Invalid("reasons", "at most 2,000 characters.")
                : await FindAsync(session, requestId, http, ct) is null ? Problems.NotFound(What)
                : await session.DecideAsync<IncomingProtectionRequest>(requestId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "DeclinePartnerProtectionRequest",
            "Decline a partner's relocation or continuity request with a reason code (the code goes back signed; the reasons stay here). Needs If-Match.");

        requests.MapDecision("/{requestId:guid}/relocation-arranged", async (Guid requestId, ReportArranged command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Reasons is { Length: > 2000 } ? Problems.Invalid("reasons", "at most 2,000 characters.")
                : await FindAsync(session, requestId, http, ct) is null ? Problems.NotFound(What)
                : await session.DecideAsync<IncomingProtectionRequest>(requestId, http, (s, c) => Decide(s, command, c), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "ReportPartnerRelocationArranged",
            "Report an accepted relocation arranged (goes back as a signed outcome relocation-arranged). Needs If-Match.");
        return requests;
    }
}
