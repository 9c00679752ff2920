using TransnationalReferral.ServiceDefaults.Decisions;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// The refusals several protection decisions share, each citing its rule. None of them looks at the
/// person's cooperation with the authorities: assistance is never conditional on it.
/// </summary>
public static class ProtectionRules
{
    public const string ChildBasis = "UNCRC art. 3(1); CETS 197 art. 10(4); Directive 2011/36/EU arts. 13–14";

    /// <summary>Assistance decisions are taken on an open case of a person entitled to assistance.</summary>
    public static Refusal? Active(ProtectionCase state) => state.Stage switch
    {
        ProtectionStage.AwaitingEntitlement => Refusal.Conflict("assistance-from-reasonable-grounds",
            "This follows the entitlement to assistance (Identification's reasonable-grounds decision), which has not been published for this case yet."),
        ProtectionStage.Closed => Refusal.Conflict("case-closed", "The protection case is closed; reopen it (with reasons) to decide on it again."),
        _ => null,
    };

    /// <summary>For a child, a decision about their protection needs the best-interests assessment Identification published.</summary>
    public static Refusal? BestInterestsFirst(ProtectionCase state) =>
        state.IsChild && state.BestInterestsAssessedAt is null
            ? new Refusal("child-best-interests-first",
                "The person is a child or presumed child: this decision needs the best-interests assessment, which Identification has not published for this case.", ChildBasis)
            : null;

    /// <summary>For a child, plans are made with the guardian taking part (and a guardian appointed).</summary>
    public static Refusal? GuardianTakesPart(ProtectionCase state, bool guardianParticipated) =>
        !state.IsChild ? null
        : state.GuardianOrganisation is null
            ? new Refusal("child-needs-guardian", "The person is a child or presumed child and no guardian has been appointed yet: plans are made with the guardian.", ChildBasis)
            : !guardianParticipated
                ? new Refusal("child-plan-needs-guardian", "The person is a child or presumed child: the guardian takes part in the plan (guardianParticipated).", ChildBasis)
                : null;

    /// <summary>The first refusal of a list of checks, or null when all pass.</summary>
    public static Refusal? First(params Refusal?[] checks) => checks.FirstOrDefault(c => c is not null);
}
