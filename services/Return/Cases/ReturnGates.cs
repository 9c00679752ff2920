namespace TransnationalReferral.Return.Cases;

/// <summary>Per-jurisdiction settings of the Return service (<c>Return:MinimumReflectionDays</c>, <c>Return:MinimumReflectionDays:{ISO}</c>).</summary>
public sealed class ReturnOptions(IConfiguration configuration)
{
    public TimeSpan MinimumReflection(string jurisdiction) => TimeSpan.FromDays(configuration.PerJurisdiction("Return:MinimumReflectionDays", jurisdiction, 7));

    /// <summary>How long the country of return has to answer a reception request sent over the cross-border exchange (<c>Return:ReceptionResponseDays[:ISO]</c>, 14).</summary>
    public TimeSpan ReceptionResponseTime(string countryOfReturn) => TimeSpan.FromDays(configuration.PerJurisdiction("Return:ReceptionResponseDays", countryOfReturn, 14));
}

/// <summary>
/// The gates a return passes, each a rule with its legal source. They are the refusals of the decisions that
/// move a return forward (reception request, departure) and the "pending gates and why" of the queries — one
/// list, so what the screen shows is exactly what the software enforces. A forced return order passes none.
/// </summary>
public static class ReturnGates
{
    public const string NonRefoulement = "Trafficking Protocol arts. 8(2) and 14(1); 1951 Refugee Convention art. 33; CETS 197 arts. 16 and 40(4)";
    public const string ChildSource = "UNCRC art. 3(1); CETS 197 art. 16(7); Directive 2011/36/EU art. 14; UNHCR best-interests determination guidelines";

    /// <summary>A gate that is closed: the rule, why, and its legal source. Refused with 409.</summary>
    public static Refusal Closed(string rule, string detail, string source, string? next = null) => new(rule, detail, source, RefusalKind.StateConflict, next);

    /// <summary>Safety: non-refoulement, the pre-return risk assessment, reception capacity, and a child's safeguards.</summary>
    public static IEnumerable<Refusal> Safety(ReturnCase s)
    {
        foreach (var claim in (s.ProtectionClaims ?? []).Where(c => c.Status is ProtectionClaimStatus.Pending or ProtectionClaimStatus.Granted))
            yield return Closed("non-refoulement-protection-claim",
                $"An international protection claim (against {claim.Country}) is {Codes.Of(claim.Status)}: no return while it is pending or once it is granted.", NonRefoulement);
        if (s.Risk is not { } risk)
            yield return Closed("return-needs-risk-assessment", "No return without a pre-return risk assessment of the country of return.", "Trafficking Protocol art. 8(2); TRM-EU SOP 4", "POST /api/return/cases/{caseId}/return-risk-assessments");
        else
        {
            if (risk.Level == RiskLevel.High && !risk.MitigationAccepted)
                yield return Closed("return-risk-high-unmitigated", "The risk in the country of return is high and no mitigation has been accepted.", "Trafficking Protocol art. 8(2); CETS 197 art. 16(2)");
            if (risk.ReceptionCapacity == ReceptionCapacity.None)
                yield return Closed("reception-capacity", "There is no reception capacity in the country of return.", "TRM-EU SOP 4");
        }
        if (s.IsChild)
        {
            if (s.BestInterestsAssessedAt is null)
                yield return Closed("child-best-interests-determination", "A child returns only after the best-interests determination (published by Identification).", ChildSource, "POST /api/identification/cases/{caseId}/best-interests-assessment");
            if (s.Family is null)
                yield return Closed("child-family-assessment", "A child returns only after an assessment of the family in the country of return.", ChildSource, "POST /api/return/cases/{caseId}/family-assessment");
            else if (s.Family == FamilyAssessment.NotSafe)
                yield return Closed("child-family-not-safe", "The family assessment found return to the family not safe.", ChildSource);
            if (s.GuardianOrganisation is null)
                yield return Closed("child-needs-guardian", "A child's return is decided with the guardian taking part; no guardian is appointed.", ChildSource, "POST /api/identification/cases/{caseId}/guardian");
        }
    }

    /// <summary>An informed, voluntary decision (or a forced return order, which still passes no safety gate).</summary>
    public static IEnumerable<Refusal> InformedDecision(ReturnCase s)
    {
        if (s.Information is null)
            yield return Closed("return-information-first", "The person is first informed of all options (stay, return, third country), rights, services and risks, in a language they understand.", "Trafficking Protocol art. 8; TRM-EU SOP 4", "POST /api/return/cases/{caseId}/return-information");
        if (s.Consent is not { IsActive: true } && s.ForcedReturnOrderedAt is null)
            yield return Closed("return-needs-consent", "No voluntary consent to return is in force.", "Trafficking Protocol art. 8(2) — preferably voluntary", "POST /api/return/cases/{caseId}/return-consent");
        if (s.Consent is not { IsActive: true } && s.ForcedReturnOrderedAt is not null && RecordingForcedReturnOrder.Protected(s) is { } protectedNow)
            yield return protectedNow;
        if (s.IsChild && s.Consent is { IsActive: true, GivenBy: not ConsentGiver.Guardian })
            yield return Closed("child-return-needs-guardian-consent", "A child's consent to return is given with the guardian.", ChildSource);
    }

    /// <summary>Before departure: reception arranged by the country of return, travel documents, a child's escort.</summary>
    public static IEnumerable<Refusal> Departure(ReturnCase s)
    {
        if (s.Reception is not { ArrangedAt: not null })
            yield return Closed("reception-arranged", "The country of return has not arranged the reception (who meets the person, shelter on arrival, onward transport).", "TRM-EU SOP 4", "POST /api/return/cases/{caseId}/reception-request");
        if (s.TravelDocumentsIssuedBy is null)
            yield return Closed("travel-documents", "No travel documents recorded (issued through the consulate).", "Trafficking Protocol art. 8(3)–(4)", "POST /api/return/cases/{caseId}/travel-documents");
        if (s.IsChild && s.EscortOrganisation is null)
            yield return Closed("child-escort", "A child travels with an escort.", ChildSource, "POST /api/return/cases/{caseId}/escort");
    }

    /// <summary>Everything that stands between the case and departure today.</summary>
    public static IReadOnlyList<Refusal> Pending(ReturnCase s) => [.. InformedDecision(s), .. Safety(s), .. CoordinatingWithProsecution.Gate(s), .. Departure(s)];
}
