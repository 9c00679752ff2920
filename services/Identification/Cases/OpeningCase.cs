namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// A signal about a presumed victim opens an identification case. Who signalled, where, sex and an age
/// band — never a name: the person is a pseudonymous victim id (minted here, or given when the same person
/// was signalled before).
/// </summary>
public static class OpeningCase
{
    public const string LegalBasis = "Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197), art. 10 — identification of victims";

    public sealed record OpenCaseRequest(
        SignalSource Source,
        string SignallingOrganisation,
        string Jurisdiction,
        Sex Sex,
        AgeGroup AgeGroup,
        bool? IsChild = null,
        Guid? VictimId = null,
        string? Reasons = null);

    public sealed record OpenCase(Guid CaseId, Guid VictimId, SignalSource Source, string SignallingOrganisation, string Jurisdiction, Sex Sex, AgeGroup AgeGroup, bool? IsChild);

    public sealed record CaseOpenedResponse(Guid CaseId, Guid VictimId, ChildStatus ChildStatus, long Version);

    /// <summary>Opening starts a new stream with a new id: there is no state yet (<paramref name="state"/> is always null here).</summary>
    public static Decision Decide(IdentificationCase? state, OpenCase command, DecisionContext context)
    {
        if (!string.Equals(command.Jurisdiction, context.Actor.Jurisdiction, StringComparison.Ordinal))
            return new Refusal("case-in-own-jurisdiction",
                $"A case is opened by the focal point of the jurisdiction that holds it: you act for {context.Actor.Jurisdiction}, the signal names {command.Jurisdiction}. Send it to that jurisdiction as a cross-border referral.",
                "National referral mechanism: competence of the national focal point");

        return Decision.Accept(new CaseOpened(command.CaseId, command.VictimId, command.Source, command.SignallingOrganisation.Trim(),
            command.Jurisdiction, command.Sex, command.AgeGroup, ChildStatusOf(command.AgeGroup, command.IsChild), context.Now, context.Actor.Organisation));
    }

    /// <summary>
    /// Presumption of minority (CETS 197 art. 10(3)): an unknown age, or a child flag the age band does not
    /// confirm, makes the person a presumed child until an age assessment decides otherwise.
    /// </summary>
    public static ChildStatus ChildStatusOf(AgeGroup ageGroup, bool? isChild) => ageGroup switch
    {
        AgeGroup.Under12 or AgeGroup.From12To17 => ChildStatus.Child,
        AgeGroup.Unknown => ChildStatus.PresumedChild,
        _ when isChild == true => ChildStatus.PresumedChild,
        _ => ChildStatus.Adult,
    };

    public static IDictionary<string, string[]>? Validate(OpenCaseRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.SignallingOrganisation) || request.SignallingOrganisation.Length > 100)
            errors["signallingOrganisation"] = ["is required: the organisation's code or name, at most 100 characters."];
        if (!Jurisdictions.IsValid(request.Jurisdiction))
            errors["jurisdiction"] = ["must be an ISO 3166-1 alpha-2 code in upper case, e.g. NL."];
        if (request.VictimId == Guid.Empty)
            errors["victimId"] = ["must be a pseudonymous victim id (a UUID) or left out to mint a new one."];
        if (request.Reasons is { Length: > DecisionBasis.MaxReasonsLength })
            errors["reasons"] = [$"at most {DecisionBasis.MaxReasonsLength} characters."];
        return errors.Count == 0 ? null : errors;
    }

    public static RouteHandlerBuilder MapOpenCase(this RouteGroupBuilder cases) =>
        cases.MapPost("/", async (OpenCaseRequest request, HttpContext http, IDocumentSession session, FreeText freeText, CancellationToken ct) =>
            {
                if (Validate(request) is { } errors) return TypedResults.ValidationProblem(errors);

                var command = new OpenCase(Guid.CreateVersion7(), request.VictimId ?? Guid.CreateVersion7(), request.Source,
                    request.SignallingOrganisation, request.Jurisdiction, request.Sex, request.AgeGroup, request.IsChild);
                var context = new DecisionContext(http.Actor(), http.Now());
                var decision = Decide(null, command, context);
                if (decision.Refusal is { } refusal) return refusal.ToProblem();
                var events = decision.Events.ToList();

                // Naming a person already known is a decision of its own, allowed only to a caller who may see one of their cases.
                CaseLinkedToPerson? link = null;
                IReadOnlyList<RegisteredCase> casesOfPerson = [];
                if (request.VictimId is { } victimId)
                {
                    casesOfPerson = await LinkingCaseToPerson.CasesOfAsync(session, victimId, ct);
                    if (!LinkingCaseToPerson.MayName(casesOfPerson, context)) return Problems.NotFound("The person");
                    var linking = LinkingCaseToPerson.Decide(casesOfPerson, new(command.CaseId, victimId, request.Reasons), context);
                    if (linking.Refusal is { } linkRefusal) return linkRefusal.ToProblem();
                    link = (CaseLinkedToPerson)linking.Events[0];
                    events.AddRange(linking.Events);
                }

                // The signaller's free name may name a person: stored sealed under the case's free-text key (erased with the person's data).
                events[0] = (CaseOpened)events[0] with { SignallingOrganisation = await freeText.SealAsync(session, command.CaseId, command.SignallingOrganisation.Trim(), ct) };
                session.Events.StartStream<IdentificationCase>(command.CaseId, events.ToArray());
                if (link is not null)
                {
                    foreach (var (otherCase, linked) in LinkingCaseToPerson.OnEveryCaseOfThePerson(link)) session.Events.Append(otherCase, linked);
                    http.RecordAccess(session, [.. casesOfPerson.Select(c => (c.Id, c.Jurisdiction)), (command.CaseId, command.Jurisdiction)],
                        AccessPurpose.Identification, $"case {command.CaseId} linked to the same person");
                }
                session.Record(new DecisionBasis(link is null ? LegalBasis : $"{LegalBasis}; {LinkingCaseToPerson.LegalBasis}", request.Reasons));
                var opened = (CaseOpened)events[0];
                return DecisionResult.Created($"/api/identification/cases/{command.CaseId}",
                    new CaseOpenedResponse(command.CaseId, command.VictimId, opened.ChildStatus, events.Count), events.Count);
            })
            .WithDecision()
            .RequireAuthorization(Permissions.OpenCase)
            .WithName("OpenCase")
            .WithSummary("Open an identification case from a signal about a presumed victim. With victimId: a person already known — only if you may see one of their cases, with reasons; recorded on every case of the person (404 otherwise).")
            .Produces<CaseOpenedResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
