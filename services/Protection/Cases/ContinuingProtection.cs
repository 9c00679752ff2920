using Marten;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Continuity of protection across borders: when the person leaves for another jurisdiction, this focal point asks
/// that state's node to continue assisting them (the services, as need codes) — on the person's consent to transfer to
/// that state (a child's guardian's), never to a country the person claims protection from. The request leaves as a
/// signed <c>protection-continuity</c> request (Integration/CrossBorder.cs); the answer comes back signed and is recorded here.
/// </summary>
public static class ContinuingProtection
{
    public const string LegalBasis = "CETS 197 arts. 16(5)–(7) and 32–33; Directive 2011/36/EU art. 11; TRM-EU SOP 4 — continuity of assistance across borders";

    public sealed record RequestContinuity(string ToJurisdiction, IReadOnlyList<Need> Services, string Reasons);

    /// <summary>The person's consent to cross-border transfer to <paramref name="jurisdiction"/> in force (a child's guardian's).</summary>
    public static NotedConsent? TransferConsent(ProtectionCase state, string jurisdiction) =>
        (state.Consents ?? []).FirstOrDefault(c => !c.Withdrawn && c.Kind == "cross-border-transfer"
            && (c.Jurisdictions ?? []).Contains(jurisdiction) && (!state.IsChild || c.GivenBy == "guardian"));

    /// <summary>The jurisdictions the consents in force allow a transfer to: the grounds a cross-border request leaves on.</summary>
    public static IReadOnlyList<string> ConsentedJurisdictions(ProtectionCase state) =>
        (state.Consents ?? []).Where(c => !c.Withdrawn && c.Kind == "cross-border-transfer" && (!state.IsChild || c.GivenBy == "guardian"))
            .SelectMany(c => c.Jurisdictions ?? []).Distinct().ToList();

    public const string NeverToCountryOfClaimedProtectionBasis = "1951 Refugee Convention art. 33; Directive 2013/32/EU art. 30";

    public static Refusal? NeverToCountryOfClaimedProtection(ProtectionCase state, string jurisdiction) =>
        (state.ProtectionClaimedFrom ?? []).Contains(jurisdiction)
            ? new Refusal("never-to-country-of-claimed-protection", $"The person claims international protection from {jurisdiction}: nothing about them is sent to that country.",
                NeverToCountryOfClaimedProtectionBasis)
            : null;

    public static Decision Decide(ProtectionCase state, RequestContinuity command, Guid requestId, DecisionContext context)
    {
        // The person may already have left and the case closed for it: continuity is exactly what follows such a closure.
        var leftTheCountry = state.Closure?.Reason is ClosureReason.MovedToAnotherJurisdiction or ClosureReason.ReturnedToCountryOfOrigin;
        if (!leftTheCountry && ProtectionRules.Active(state) is { } inactive) return inactive;
        if (ProtectionRules.BestInterestsFirst(state) is { } bestInterests) return bestInterests;
        if (command.ToJurisdiction == state.Jurisdiction)
            return new Refusal("continuity-to-another-state", "Continuity is asked of another state's node; within the country, refer the person to a provider.");
        if (NeverToCountryOfClaimedProtection(state, command.ToJurisdiction) is { } claimed) return claimed;
        if ((state.ContinuityRequests ?? []).Any(r => r.ToJurisdiction == command.ToJurisdiction && r.Status != ContinuityStatus.Declined))
            return Refusal.Conflict("continuity-already-requested", $"Continuity was already asked of {command.ToJurisdiction} and not declined.");
        if (TransferConsent(state, command.ToJurisdiction) is not { } consent)
            return new Refusal("cross-border-transfer-needs-consent-or-legal-basis",
                $"Asking {command.ToJurisdiction} to continue the assistance shares the person's case with it: it needs their consent to cross-border transfer to {command.ToJurisdiction}{(state.IsChild ? " (the guardian's, for a child)" : "")}.",
                "GDPR arts. 6, 9, 44–49; CETS 197 art. 11");
        return Decision.Accept(new ContinuityRequested(state.Id, requestId, state.Jurisdiction, command.ToJurisdiction, command.Services.Distinct().ToList(), consent.ConsentId, context.Now));
    }

    /// <summary>The partner's signed answer to a relocation request, recorded once (a repeated or older answer changes nothing).</summary>
    public static Decision RelocationAnswer(ProtectionCase state, Guid requestId, string from, RelocationStatus answer, string? reasonCode, DecisionContext context)
    {
        if ((state.Relocations ?? []).FirstOrDefault(r => r.RequestId == requestId) is not { } relocation)
            return new Refusal("relocation-unknown", $"No relocation request {requestId} on this case.");
        if (relocation.ToJurisdiction != from)
            return new Refusal("relocation-answer-from-addressee", $"Relocation request {requestId} went to {relocation.ToJurisdiction}, not {from}.");
        var moves = (relocation.Status, answer) switch
        {
            (RelocationStatus.Requested, RelocationStatus.Accepted or RelocationStatus.Declined or RelocationStatus.Arranged) => true,
            (RelocationStatus.Accepted, RelocationStatus.Declined or RelocationStatus.Arranged) => true,
            _ => false,
        };
        return moves ? Decision.Accept(new RelocationAnswered(state.Id, requestId, from, answer, answer == RelocationStatus.Declined ? reasonCode : null, context.Now)) : Decision.NothingToDo;
    }

    /// <summary>The other state's signed answer to a continuity request, recorded once.</summary>
    public static Decision ContinuityAnswer(ProtectionCase state, Guid requestId, string from, bool accepted, IReadOnlyList<Need> services, string? reasonCode, DecisionContext context)
    {
        if ((state.ContinuityRequests ?? []).FirstOrDefault(r => r.RequestId == requestId) is not { } request)
            return new Refusal("continuity-unknown", $"No continuity request {requestId} on this case.");
        if (request.ToJurisdiction != from)
            return new Refusal("continuity-answer-from-addressee", $"Continuity request {requestId} went to {request.ToJurisdiction}, not {from}.");
        if (request.Status != ContinuityStatus.Requested) return Decision.NothingToDo;
        return Decision.Accept(new ContinuityAnswered(state.Id, requestId, from, accepted, accepted ? services.Distinct().ToList() : [], accepted ? null : reasonCode, context.Now));
    }

    public static RouteGroupBuilder MapContinuingProtection(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/continuity-requests", async (Guid caseId, RequestContinuity command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                !Jurisdictions.IsValid(command.ToJurisdiction) ? Problems.Invalid("toJurisdiction", "an ISO 3166-1 alpha-2 code.")
                : command.Services is not { Count: > 0 } ? Problems.Invalid("services", "at least one service (a need code) to continue.")
                : string.IsNullOrWhiteSpace(command.Reasons) ? Problems.Invalid("reasons", "why continuity is asked of that state.")
                : command.Reasons.Length > 2000 ? Problems.Invalid("reasons", "at most 2,000 characters.")
                : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, Guid.CreateVersion7(), context), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "RequestProtectionContinuity",
            "Ask the node of the state the person leaves for to continue the assistance (need codes); needs their consent to transfer to that state, never a country of claimed protection. The reasons stay here. Needs If-Match.");
        return cases;
    }
}
