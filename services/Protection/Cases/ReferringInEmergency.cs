using TransnationalReferral.Protection.Providers;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Emergency help referred to a provider of the catalogue from the first signal on: a safe place, medical care, an
/// interpreter, information (legal counselling). The referral goes to the provider's inbox like any other (answered,
/// started, concluded there, overdue after its response time) but is never conditional: not on the reasonable-grounds
/// decision, not on cooperation, not on a consent to referral — the person's acceptance of the help itself is the only
/// consent — and, for a child, not on the best-interests assessment (the provider must still be child-appropriate).
/// </summary>
public static class ReferringInEmergency
{
    /// <param name="AcceptedByPerson">The person accepted this help: the only consent it asks for.</param>
    /// <param name="GenderSpecific">For a safe place: the single-sex shelter the person asks for (female or male).</param>
    /// <param name="Interpreter">Who interpreted when the person was told of the help and accepted it.</param>
    /// <param name="ReferralId">Minted by the endpoint; not part of the body.</param>
    public sealed record ReferInEmergency(string ProviderOrganisation, EmergencyHelp Help, bool AcceptedByPerson, GenderServed? GenderSpecific = null,
        Interpreter? Interpreter = null, string? Reasons = null, [property: JsonIgnore] Guid ReferralId = default);

    public static Decision Decide(ProtectionCase state, ReferInEmergency command, DecisionContext context, ProviderAvailability? provider)
    {
        if (ProtectionRules.First(ProtectionRules.NotClosed(state), ProtectionRules.HelpAccepted(command.AcceptedByPerson),
                Referring.ProviderServes(state, provider, command.ProviderOrganisation, command.Help.ServiceNeeded(), command.GenderSpecific)) is { } refusal)
            return refusal;
        return Decision.Accept(new ReferralRequested(state.Id, command.ReferralId, command.ProviderOrganisation, command.Help.ServiceNeeded(), null, context.Now,
            state.Jurisdiction, state.IsChild, context.Now.AddHours(provider!.Provider.ResponseTimeHours), command.GenderSpecific, command.Help, command.Interpreter));
    }

    public static RouteHandlerBuilder MapReferringInEmergency(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/emergency-referrals", (Guid caseId, ReferInEmergency command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                command.Interpreter?.Invalid() is { } invalid
                    ? Task.FromResult(Problems.Invalid(invalid.Field, invalid.Expected))
                    : Referring.RequestAsync(session, caseId, http, command.ProviderOrganisation,
                        (state, context, provider, referralId) => Decide(state, command with { ReferralId = referralId }, context, provider),
                        new DecisionBasis(ProtectionRules.EmergencyBasis, command.Reasons), ct),
            Permissions.DecideOnCase, "ReferInEmergency",
            "Refer emergency help (safe place, medical care, interpreter, information) to a provider from the signal on: before any identification decision, whatever the person's cooperation, on the person's acceptance of the help alone. 201: Location is the referral.")
            .Produces<ReferralCreated>(StatusCodes.Status201Created);
}
