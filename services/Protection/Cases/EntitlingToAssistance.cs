namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// The reasonable-grounds decision entitles the person to assistance at once — whether or not they
/// cooperate with the authorities (CETS 197 art. 12(6); CTOC/COP/WG.4/2010/6 §36).
/// </summary>
public static class EntitlingToAssistance
{
    public const string LegalBasis = "CETS 197 art. 12(1) and (6); Directive 2011/36/EU art. 11(2) and (3) — assistance from reasonable grounds, not conditional on cooperation";

    /// <summary>Identification's reasonable-grounds decision, as heard on the bus.</summary>
    public sealed record EntitleToAssistance;

    public static Decision Decide(ProtectionCase state, EntitleToAssistance command, DecisionContext context) =>
        state.EntitledAt is not null ? Decision.NothingToDo : Decision.Accept(new AssistanceEntitled(state.Id, context.Now));
}
