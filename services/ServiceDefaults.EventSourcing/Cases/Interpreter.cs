namespace TransnationalReferral.ServiceDefaults.Cases;

/// <summary>
/// Who interpreted at a decision, as codes only: the interpreting organisation's code and its own reference for the
/// assignment (never the interpreter's name), and the language interpreted into (ISO 639, lower case). Attached to the
/// decisions where an interpreter is used — information on rights, consent, interviews (screening), emergency
/// information — and shown in the case's history with the decision. A value inside the services' own events (Identification
/// and Protection), never a bus message: hence here and not in contracts/.
/// </summary>
/// <param name="Organisation">The interpreting organisation's code (lower-case letters, digits and hyphens, e.g. <c>nl-tolkendienst</c>).</param>
/// <param name="Reference">The organisation's reference for the assignment (letters, digits, <c>-</c>, <c>/</c>, <c>.</c>; at most 64 characters): never a name.</param>
/// <param name="Language">ISO 639-1 or 639-3 code of the language interpreted into, lower case (e.g. <c>ro</c>, <c>tir</c>).</param>
public sealed record Interpreter(string Organisation, string Reference, string Language)
{
    /// <summary>The first field that is not well formed (its JSON name under <c>interpreter</c>) and what it must be; null when all are.</summary>
    public (string Field, string Expected)? Invalid() =>
        Organisation is null || !System.Text.RegularExpressions.Regex.IsMatch(Organisation, "^[a-z0-9][a-z0-9-]{1,99}$")
            ? ("interpreter.organisation", "the interpreting organisation's code: lower-case letters, digits and hyphens, 2 to 100 characters.")
        : Reference is null || !System.Text.RegularExpressions.Regex.IsMatch(Reference, "^[A-Za-z0-9][A-Za-z0-9./-]{0,63}$")
            ? ("interpreter.reference", "the organisation's reference for the assignment (letters, digits, '-', '/', '.'; at most 64 characters), never a name.")
        : Language is null || !System.Text.RegularExpressions.Regex.IsMatch(Language, "^[a-z]{2,3}$")
            ? ("interpreter.language", "the ISO 639 code of the language interpreted into, in lower case (e.g. ro).")
        : null;
}
