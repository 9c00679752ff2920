using Microsoft.Extensions.Logging;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A new case names a person already known (<c>victimId</c> on opening): a decision of its own. The person's vault,
/// consents and history belong to the person, not to whichever case names them, so only a caller who may already
/// see a case of that person links to them — anyone else is told the person does not exist (404), which is also
/// what an unknown id gets. The link is recorded, with its reasons, on the new case and on every case of the person.
/// </summary>
public static class LinkingCaseToPerson
{
    public const string LegalBasis = "GDPR art. 5(1)(d) and 9(2)(g); CETS 197 art. 10 — one identification record per person";

    /// <summary>The cases of a person as the register knows them (every jurisdiction and organisation).</summary>
    public static Task<IReadOnlyList<RegisteredCase>> CasesOfAsync(IQuerySession session, Guid victimId, CancellationToken ct) =>
        session.Query<RegisteredCase>().Where(c => c.VictimId == victimId).OrderBy(c => c.OpenedAt).ToListAsync(ct);

    /// <summary>Whether the caller may name this person at all: at least one of the person's cases is visible to them.</summary>
    public static bool MayName(IReadOnlyList<RegisteredCase> casesOfPerson, DecisionContext context) =>
        casesOfPerson.Any(c => c.Allows(context.Actor, context.Now));

    /// <summary>The new case <paramref name="CaseId"/> names the known person <paramref name="VictimId"/>, with the reasons.</summary>
    public sealed record LinkCaseToPerson(Guid CaseId, Guid VictimId, string? Reasons);

    /// <summary>
    /// The new case's side of the link; the state it decides on is the person's cases in the register. A caller who may not see any case of the person never gets here (the endpoint
    /// answers 404 before deciding); the rule left is that the link says why the signal concerns the same person.
    /// </summary>
    public static Decision Decide(IReadOnlyList<RegisteredCase> casesOfPerson, LinkCaseToPerson command, DecisionContext context)
    {
        if (string.IsNullOrWhiteSpace(command.Reasons))
            return new Refusal("person-link-needs-reasons",
                "Opening a case for a person already known links it to their record (personal data, consents, history): say why this signal concerns the same person.",
                "GDPR art. 5(1)(d) — accuracy; art. 5(2) — accountability");
        return Decision.Accept(new CaseLinkedToPerson(command.CaseId, command.VictimId, casesOfPerson.Select(c => c.Id).ToList(), context.Now));
    }

    /// <summary>
    /// Whether a case reaches the person's record (vault, erasure): the case that first named the person, or one linked to
    /// them by this decision. A case that named a known person before linking was a decision (an unchecked victimId) reaches
    /// nothing of theirs.
    /// </summary>
    public static bool ReachesRecord(IdentificationCase state, IReadOnlyList<RegisteredCase> casesOfPerson) =>
        state.LinkedToKnownPerson || casesOfPerson.MinBy(c => (c.OpenedAt, c.Id))?.Id == state.Id;

    /// <summary>Loads the person's cases and checks that the case in scope reaches their record; null when it does not (answer 404).</summary>
    public static async Task<IReadOnlyList<RegisteredCase>?> CasesReachedThroughAsync(IQuerySession session, Guid caseId, Guid victimId, ILogger logger, CancellationToken ct)
    {
        var casesOfPerson = await CasesOfAsync(session, victimId, ct);
        var state = await session.LoadAsync<IdentificationCase>(caseId, ct);
        if (state is not null && ReachesRecord(state, casesOfPerson)) return casesOfPerson;
        logger.LogWarning("Case {CaseId} names a person it was never linked to: the person's record is not reached through it", caseId);
        return null;
    }

    /// <summary>What every earlier case of the person records: which case now names the same person, and when.</summary>
    public static IEnumerable<(Guid CaseId, object Event)> OnEveryCaseOfThePerson(CaseLinkedToPerson link) =>
        link.CasesOfPerson.Select(id => (id, (object)new PersonLinkedToCase(id, link.VictimId, link.CaseId, link.LinkedAt)));
}
