namespace TransnationalReferral.Return.Cases;

/// <summary>
/// Preparing a return on the destination side: the request and its reason, the information package, the
/// person's voluntary consent after a minimum reflection time (withdrawal stops the return), the pre-return
/// risk assessment, the family assessment for a child, and what the immigration authority decides (a
/// protection claim's outcome, a forced return order — recorded, passing no gate). Each decision is a file of
/// its own; this holds what they share.
/// </summary>
public static class PreparingReturn
{
    public const string LegalBasis = "Trafficking Protocol art. 8; CETS 197 art. 16; TRM-EU SOP 4 — safe and preferably voluntary return";

    /// <summary>What is decided while preparing a return (or while it is stopped) is refused before a request and after departure.</summary>
    public static Refusal? NotPreparing(ReturnCase state) => state.Stage switch
    {
        ReturnStage.NotRequested => Refusal.Conflict("return-not-requested", "No return has been requested for this case.", "POST /api/return/cases/{caseId}/return-request"),
        ReturnStage.Preparing or ReturnStage.Stopped => null,
        _ => Refusal.Conflict("return-already-departed", $"The return is {Codes.Of(state.Stage)}; this is decided before departure."),
    };

    public static RouteGroupBuilder MapPreparingReturn(this RouteGroupBuilder cases)
    {
        cases.MapRequestingReturn();
        cases.MapProvidingReturnInformation();
        cases.MapGivingReturnConsent();
        cases.MapWithdrawingReturnConsent();
        cases.MapAssessingReturnRisk();
        cases.MapAssessingFamily();
        cases.MapRecordingProtectionClaimOutcome();
        cases.MapRecordingForcedReturnOrder();
        return cases;
    }
}
