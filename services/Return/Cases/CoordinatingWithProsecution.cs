using System.Text.RegularExpressions;

namespace TransnationalReferral.Return.Cases;

/// <summary>
/// A return coordinated with the prosecutor of the open proceedings that name the person as a victim or victim-witness:
/// the testimony was secured (held already), it is arranged by video conference from the country of return, or the
/// prosecutor stated that the departure does not obstruct the proceedings — each with the prosecutor's reference (a file
/// reference, never a narrative). It covers the proceedings open today; proceedings named later need their own.
/// </summary>
public static partial class CoordinatingWithProsecution
{
    public const string LegalBasis = "CETS 197 art. 16(1) — return with due regard to the status of legal proceedings; Trafficking Protocol art. 8(2); CTOC/COP/WG.4/2010/7 ¶30";

    public sealed record CoordinateWithProsecution(ProsecutionCoordination Outcome, string ProsecutorReference, string? Reasons = null);

    /// <summary>A file reference: letters, digits and <c>-/._:</c>, no spaces (never a name or a narrative), at most 100 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9./_:-]{0,99}$")]
    private static partial Regex Reference();

    public static Decision Decide(ReturnCase state, CoordinateWithProsecution command, DecisionContext context)
    {
        if (PreparingReturn.NotPreparing(state) is { } refusal) return refusal;
        if (command.ProsecutorReference is null || !Reference().IsMatch(command.ProsecutorReference))
            return new Refusal("prosecutor-reference-format", "The prosecutor's statement or decision is named by its file reference: letters, digits and -/._: without spaces, at most 100 characters (never a name or a narrative).");
        var open = (state.Proceedings ?? []).Where(p => p.Coordinated is null).Select(p => p.Reference).ToList();
        if (open.Count == 0)
            return Refusal.Conflict("prosecution-coordination-without-proceedings",
                (state.Proceedings ?? []).Count == 0 ? "No open proceedings name the person as a victim or victim-witness: there is nothing to coordinate." : "The return is coordinated with every open proceedings already.");
        return Decision.Accept(new ProsecutionCoordinated(state.Id, command.Outcome, command.ProsecutorReference, open, context.Now));
    }

    /// <summary>The gate departure passes: every open proceedings naming the person coordinated with its prosecutor.</summary>
    public static IEnumerable<Refusal> Gate(ReturnCase s)
    {
        foreach (var proceedings in (s.Proceedings ?? []).Where(p => p.Coordinated is null))
            yield return ReturnGates.Closed("return-coordinated-with-prosecution",
                $"The person is named as {proceedings.Role} in open proceedings {proceedings.Reference} ({proceedings.ProsecutingJurisdiction}): record how the return was coordinated with the prosecutor (testimony secured, video testimony from the country of return, or the prosecutor's statement that departure does not obstruct the proceedings).",
                LegalBasis, "POST /api/return/cases/{caseId}/prosecution-coordination");
    }

    public static RouteHandlerBuilder MapCoordinatingWithProsecution(this RouteGroupBuilder cases) =>
        cases.MapDecision<ReturnCase, CoordinateWithProsecution>("/{caseId:guid}/prosecution-coordination", Decide, LegalBasis,
            Permissions.DecideOnCase, "CoordinateWithProsecution",
            "Record how the return was coordinated with the prosecutor of the open proceedings naming the person (testimony-secured, video-testimony-from-country-of-return, departure-does-not-obstruct), with the prosecutor's reference. Departure needs it.");
}
