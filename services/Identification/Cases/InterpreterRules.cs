namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// Interpreter records (UNTOC art. 25; CETS 197 art. 12(1)(c); Directive 2012/29/EU art. 7): who interpreted at a
/// decision — the organisation's code and its reference, never a name — and in which language. Attached to the decisions
/// an interpreter takes part in (information on rights, consent, the screening interview; Protection's emergency
/// information), carried in the decision's event and so shown in the case's history with it.
/// </summary>
public static class InterpreterRules
{
    public const string Basis = "CETS 197 art. 12(1)(c); Directive 2012/29/EU art. 7; UNTOC art. 25 — information in a language the person understands, with an interpreter where needed";

    /// <summary>
    /// An interpreter record matches its decision: the decision says an interpreter was used (<paramref name="interpreterUsed"/>,
    /// where it says so), and the interpreter interpreted into the language the person was informed in (<paramref name="language"/>, where named).
    /// </summary>
    public static Refusal? Matches(Interpreter? interpreter, bool? interpreterUsed, string? language) =>
        interpreter is null ? null
        : interpreterUsed == false
            ? new Refusal("interpreter-used-recorded", "An interpreter is named, but the decision says no interpreter was used (interpreterUsed).", Basis)
        : language is not null && language != interpreter.Language
            ? new Refusal("interpreter-language-matches", $"The person was informed in '{language}'; the interpreter named interpreted into '{interpreter.Language}'.", Basis)
        : null;
}
