namespace TransnationalReferral.JudicialCooperation.Cases;

/// <summary>
/// How the proceedings reach the person: here (in the jurisdiction), departing (a return departed, not yet arrived), or
/// through the focal point of the country of return, testifying by video conference from there.
/// </summary>
public enum WitnessReach { InJurisdiction, Departing, ThroughFocalPoint }

public sealed record WitnessReachView(WitnessReach Reach, string? ThroughJurisdiction, bool VideoTestimony, DateTimeOffset Since);

/// <summary>
/// Return told the judicial file that the person departed, or arrived in the country of return: the file records how the
/// witness is reached from now on — through that country's focal point, testifying by video conference from there.
/// </summary>
public static class UpdatingWitnessReach
{
    public const string LegalBasis = "UNTOC arts. 18(18) and 24(2)(b); CETS 197 art. 30; Trafficking Protocol art. 8(2) — a returned victim stays reachable for the proceedings";

    public sealed record UpdateWitnessReach(WitnessReach Reach, string ThroughJurisdiction, bool VideoTestimony);

    public static Decision Decide(CaseFile state, UpdateWitnessReach command, DecisionContext context) =>
        state.Reach is { } reach && reach.Reach == command.Reach && reach.ThroughJurisdiction == command.ThroughJurisdiction && reach.VideoTestimony == command.VideoTestimony
            ? Decision.NothingToDo
            : Decision.Accept(new WitnessReachUpdated(state.Id, command.Reach, command.ThroughJurisdiction, command.VideoTestimony, context.Now));
}
