namespace TransnationalReferral.JudicialCooperation.Cases;

/// <summary>The proceedings in which the person was named closed (or no longer need them): published for Return, whose coordination gate then opens.</summary>
public static class ClosingWitnessProceedings
{
    public sealed record CloseWitnessProceedings(string ProceedingsReference, string? Reasons = null);

    public static Decision Decide(CaseFile state, CloseWitnessProceedings command, DecisionContext context)
    {
        if (NamingVictimWitness.InvalidReference(command.ProceedingsReference) is { } invalid) return invalid;
        var named = (state.Proceedings ?? []).FirstOrDefault(p => p.Reference == command.ProceedingsReference);
        if (named is null)
            return Refusal.Conflict("witness-proceedings-unknown", $"The person is not named in proceedings {command.ProceedingsReference}.", next: "POST /api/judicial/cases/{caseId}/witness-proceedings");
        return named.IsOpen ? Decision.Accept(new VictimWitnessProceedingsClosed(state.Id, state.Jurisdiction, named.Reference, context.Now)) : Decision.NothingToDo;
    }

    public static RouteHandlerBuilder MapClosingWitnessProceedings(this RouteGroupBuilder cases) =>
        cases.MapDecision<CaseFile, CloseWitnessProceedings>("/{caseId:guid}/witness-proceedings/closure", Decide, NamingVictimWitness.LegalBasis,
            Permissions.HandleJudicialRequests, "CloseWitnessProceedings", "Record that the proceedings in which the person was named as a victim or victim-witness closed (or no longer need them).");
}
