using Microsoft.Extensions.Options;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// The conclusive-grounds decision: identified or not identified, with written reasons, by the competent
/// authority, after reasonable grounds. A negative decision records that the person, the first responder and
/// the support provider were notified, and can be reconsidered only on request of the first responder or the
/// support provider, with new information (<see cref="RequestingReconsideration"/>). For a child: only once a guardian is appointed and the child's best
/// interests assessed.
/// </summary>
public static class DecidingConclusiveGrounds
{
    public const string LegalBasis = "CETS 197 art. 10(2); Directive 2011/36/EU art. 11(4) — formal identification";

    public enum Outcome { Identified, NotIdentified }

    [Reasons("the written reasons of the decision.")]
    public sealed record DecideConclusiveGrounds(Outcome Outcome, string Reasons, IReadOnlyList<NotifiedParty>? Notified = null);

    private static readonly NotifiedParty[] MustBeNotified = [NotifiedParty.Person, NotifiedParty.FirstResponder, NotifiedParty.SupportProvider];

    public static Decision Decide(IdentificationCase state, DecideConclusiveGrounds command, DecisionContext context, IdentificationOptions options)
    {
        if (!options.CompetentAuthorityRoles.Contains(context.Actor.Role))
            return new Refusal("conclusive-grounds-by-competent-authority",
                $"A conclusive-grounds decision is taken by the competent authority ({string.Join(", ", options.CompetentAuthorityRoles)}), not by a {context.Actor.Role}.", "CETS 197 art. 10(1)");
        if (state.Stage is not (CaseStage.PresumedVictim or CaseStage.UnderReconsideration))
            return Refusal.Conflict("conclusive-after-reasonable-grounds",
                state.Stage is CaseStage.Identified or CaseStage.NotIdentified
                    ? "A conclusive decision was already taken; a negative one can be reconsidered on request."
                    : "A conclusive decision follows the reasonable-grounds decision.",
                state.Stage is CaseStage.Identified or CaseStage.NotIdentified ? "POST /api/identification/cases/{caseId}/reconsideration" : "POST /api/identification/cases/{caseId}/reasonable-grounds");
        if (!state.ChildSafeguardsInPlace)
            return new Refusal("child-guardian-and-best-interests-first",
                "The person is a child or presumed child: appoint a guardian and assess the child's best interests before a decision on the child's future.",
                "CETS 197 art. 10(4); UN CRC art. 3(1)", Next: state.GuardianOrganisation is null ? "POST /api/identification/cases/{caseId}/guardian" : "POST /api/identification/cases/{caseId}/best-interests-assessment");
        if (command.Outcome == Outcome.NotIdentified && MustBeNotified.Except(command.Notified ?? []).ToList() is { Count: > 0 } missing)
            return new Refusal("negative-decision-notification",
                $"A negative decision records that the person, the first responder and the support provider were notified; missing: {string.Join(", ", missing.Select(m => Codes.Of(m)))}.",
                "Directive 2011/36/EU art. 11(6); TRM-EU SOP 1");
        return command.Outcome == Outcome.Identified
            ? Decision.Accept(new VictimIdentified(state.Id, context.Now))
            : Decision.Accept(new VictimNotIdentified(state.Id, command.Notified!.Distinct().ToList(), context.Now));
    }

    public static RouteGroupBuilder MapDecidingConclusiveGrounds(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/conclusive-grounds", async (Guid caseId, DecideConclusiveGrounds command, HttpContext http, IDocumentSession session, IOptions<IdentificationOptions> options, CancellationToken ct) =>
                await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context, options.Value), new DecisionBasis(LegalBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "DecideConclusiveGrounds", "Conclusive grounds: identified or not identified, with reasons (a negative decision records who was notified).");
        return cases;
    }
}
