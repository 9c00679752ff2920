using System.Text.RegularExpressions;

namespace TransnationalReferral.JudicialCooperation.Cases;

public enum ProceedingsRole { Victim, VictimWitness }

/// <summary>A victim's part in open proceedings, as the case's judicial file keeps it; closed when the proceedings no longer need the person.</summary>
public sealed record WitnessProceedings(string Reference, ProceedingsRole Role, DateTimeOffset NamedAt, DateTimeOffset? ClosedAt = null)
{
    public bool IsOpen => ClosedAt is null;
}

/// <summary>
/// The prosecutor names the person of the case as a victim or victim-witness in open criminal proceedings, by the
/// proceedings' file reference (a code, never a narrative). Published for Return: a return then needs a recorded
/// coordination with the prosecutor before departure, so that it does not obstruct the prosecution.
/// </summary>
public static partial class NamingVictimWitness
{
    public const string LegalBasis = "CETS 197 arts. 16(1) and 28; Trafficking Protocol art. 8(2); CTOC/COP/WG.4/2010/7 ¶30 — return without obstructing the prosecution";

    public sealed record NameVictimWitness(string ProceedingsReference, ProceedingsRole Role, string? Reasons = null);

    /// <summary>A file reference: letters, digits and <c>-/._:</c>, no spaces (it never carries a name or a narrative), at most 100 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9./_:-]{0,99}$")]
    private static partial Regex Reference();

    public static Refusal? InvalidReference(string? reference) => reference is not null && Reference().IsMatch(reference) ? null
        : new Refusal("proceedings-reference-format", "The proceedings are named by their file reference: letters, digits and -/._: without spaces, at most 100 characters (never a name or a narrative).");

    public static Decision Decide(CaseFile state, NameVictimWitness command, DecisionContext context)
    {
        if (InvalidReference(command.ProceedingsReference) is { } invalid) return invalid;
        if ((state.Proceedings ?? []).FirstOrDefault(p => p.Reference == command.ProceedingsReference && p.IsOpen) is { } known)
            return known.Role == command.Role ? Decision.NothingToDo
                : Refusal.Conflict("victim-witness-already-named", $"The person is already named as {Codes.Of(known.Role)} in {known.Reference}; close it first to name them again.",
                    next: "POST /api/judicial/cases/{caseId}/witness-proceedings/closure");
        return Decision.Accept(new VictimWitnessNamed(state.Id, state.Jurisdiction, command.ProceedingsReference, command.Role, context.Now));
    }

    public static RouteHandlerBuilder MapNamingVictimWitness(this RouteGroupBuilder cases) =>
        cases.MapDecision<CaseFile, NameVictimWitness>("/{caseId:guid}/witness-proceedings", Decide, LegalBasis,
            Permissions.HandleJudicialRequests, "NameVictimWitness",
            "Name the person as a victim or victim-witness in open criminal proceedings (by the proceedings' file reference). Return then needs a recorded coordination with the prosecutor before departure.");
}
