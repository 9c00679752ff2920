namespace TransnationalReferral.Identification.Vault;

/// <summary>
/// Erasure by crypto-shredding: a decision with its legal basis. Refused while a legal hold applies, unless a
/// judicial officer overrides it with reasons. Executed by destroying the victim's data key and the free-text keys of
/// every case of the person in the same transaction (every other service destroys its own on hearing it); the case's
/// decisions remain, still replay and still verify, their reasons unreadable.
/// </summary>
public static class ErasingPersonalData
{
    [Reasons("why the data is erased.")]
    public sealed record EraseRequest(string LegalBasis, string Reasons, bool OverrideLegalHold = false);

    /// <summary>A legal hold on one of the person's cases.</summary>
    public sealed record HoldOnCase(Guid CaseId, LegalHoldKind Kind);

    /// <param name="holdsOfPerson">The legal holds on every case of the person (this one included): the data is the person's,
    /// so a hold on any of their cases keeps it.</param>
    public static Decision Decide(IdentificationCase state, EraseRequest request, IReadOnlyList<HoldOnCase> holdsOfPerson, DecisionContext context)
    {
        if (state.PersonalData == PersonalDataStatus.Erased)
            return Refusal.Conflict("personal-data-already-erased", "The person's personal data was already erased.");
        if (holdsOfPerson.Count > 0)
        {
            var holds = string.Join(", ", holdsOfPerson.Select(h => h.CaseId == state.Id ? Codes.Of(h.Kind) : $"{Codes.Of(h.Kind)} on case {h.CaseId}"));
            if (!request.OverrideLegalHold)
                return new Refusal("erasure-legal-hold",
                    $"Erasure is refused while a legal hold applies to any case of the person ({holds}): the data is needed for criminal proceedings or a compensation claim. A judicial officer may override the hold with reasons.",
                    "GDPR art. 17(3)(b) and (e)", Next: "POST /api/identification/cases/{caseId}/legal-holds/lifting");
            if (context.Actor.Role != Roles.JudicialOfficer)
                return new Refusal("legal-hold-override-by-judicial-officer",
                    "Only a judicial officer (prosecutor, judge or central authority) may override a legal hold.",
                    "GDPR art. 17(3)(e)");
        }
        return Decision.Accept(new PersonalDataErased(state.Id, state.VictimId, HoldsOn(state.Id, holdsOfPerson, request), context.Now));
    }

    /// <summary>What every other case of the person records of the erasure: their data is gone too, with the holds overridden on that case.</summary>
    public static IEnumerable<(Guid CaseId, object Event)> OnEveryOtherCaseOfThePerson(PersonalDataErased erased, IEnumerable<Guid> casesOfPerson, IReadOnlyList<HoldOnCase> holdsOfPerson, EraseRequest request) =>
        casesOfPerson.Where(id => id != erased.CaseId)
            .Select(id => (id, (object)new PersonalDataErased(id, erased.VictimId, HoldsOn(id, holdsOfPerson, request), erased.ErasedAt)));

    private static IReadOnlyList<LegalHoldKind> HoldsOn(Guid caseId, IReadOnlyList<HoldOnCase> holds, EraseRequest request) =>
        request.OverrideLegalHold ? holds.Where(h => h.CaseId == caseId).Select(h => h.Kind).ToList() : [];

    public static RouteHandlerBuilder MapErasingPersonalData(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/erasure", async (Guid caseId, EraseRequest request, HttpContext http, IDocumentSession session, PersonalDataVault vault, FreeText freeText, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(request.LegalBasis) || request.LegalBasis.Length > 500) return Problems.Invalid("legalBasis", "the legal basis of the erasure (e.g. GDPR art. 17(1)(b)), at most 500 characters.");
                var victimId = http.RegisteredCase().VictimId;
                if (await LinkingCaseToPerson.CasesReachedThroughAsync(session, caseId, victimId, ReadingPersonalData.Log(http), ct) is not { } casesOfPerson) return Problems.NotFound("The person's record through this case");
                var ids = casesOfPerson.Select(c => c.Id).ToList();
                var holdsOfPerson = (await session.Query<IdentificationCase>().Where(c => c.VictimId == victimId).ToListAsync(ct))
                    .SelectMany(c => c.LegalHolds.Select(k => new HoldOnCase(c.Id, k))).ToList();
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, request, holdsOfPerson, context),
                    new DecisionBasis(request.LegalBasis, request.Reasons), ct,
                    whenAccepted: async events =>
                    {
                        foreach (var (other, erased) in OnEveryOtherCaseOfThePerson((PersonalDataErased)events[0], ids, holdsOfPerson, request)) session.Events.Append(other, erased);
                        http.RecordAccess(session, casesOfPerson.Select(c => (c.Id, c.Jurisdiction)), AccessPurpose.VictimRequest, $"personal data erased through case {caseId}");
                        await vault.ShredAsync(session, victimId, http.Now(), ct);
                        IdentityMatchIndex.Erase(session, victimId);
                        // Free text that may name the person (reasons, the signaller's name) goes with the data: the keys it is sealed under are destroyed.
                        await freeText.EraseAsync(session, ids, http.Now(), ct);
                    });
            },
            Permissions.RequestErasure, "ErasePersonalData",
            "Erase the person's personal data (crypto-shredding), on every case of the person. Refused while a legal hold applies to any of their cases, unless a judicial officer overrides it.")
            .WithTags("Personal data");
}
