namespace TransnationalReferral.JudicialCooperation.Cases;

/// <summary>The decisions on a case's judicial file, each in its own file; this maps them all.</summary>
public static class CaseDecisions
{
    public static RouteGroupBuilder MapCaseDecisions(this RouteGroupBuilder cases)
    {
        cases.MapRecordingCooperationStatus();
        cases.MapRecordingAsset();
        cases.MapNamingVictimWitness();
        cases.MapClosingWitnessProceedings();
        cases.MapTransmittingSpontaneousInformation();
        return cases;
    }
}
