namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// The person was informed of their rights, of the assistance available and of the recovery and reflection
/// period, in a form they understand. An identification decision cannot be taken before this is recorded.
/// </summary>
public static class RecordingInformationOnRights
{
    public const string LegalBasis = "CETS 197 art. 12(1)(d) and art. 13; Directive 2011/36/EU art. 11(6) — information on rights and the reflection period";

    public sealed record RecordInformationOnRights(
        bool InformedOfRights,
        bool InformedOfAssistance,
        bool InformedOfReflectionPeriod,
        InformationFormat Format,
        bool InterpreterUsed,
        string? Reasons = null,
        string? Language = null,
        Interpreter? Interpreter = null);

    public static Decision Decide(IdentificationCase state, RecordInformationOnRights command, DecisionContext context)
    {
        if (!command.InformedOfRights || !command.InformedOfAssistance || !command.InformedOfReflectionPeriod)
            return new Refusal("information-on-rights-complete",
                "The person must be informed of their rights, of the assistance available and of the recovery and reflection period — all three — before this can be recorded.",
                "CETS 197 art. 12(1)(d), art. 13");
        if (state.IsTreatedAsChild && command.Format != InformationFormat.ChildFriendly)
            return new Refusal("child-friendly-information",
                "The person is a child or presumed child: information must be given in a child-friendly form (and never by papers addressed to the child).",
                "CETS 197 art. 10(4); UN CRC art. 12");
        if (InterpreterRules.Matches(command.Interpreter, command.InterpreterUsed, command.Language) is { } mismatch) return mismatch;

        return Decision.Accept(new InformationOnRightsRecorded(state.Id, command.InformedOfRights, command.InformedOfAssistance,
            command.InformedOfReflectionPeriod, command.Format, command.InterpreterUsed, context.Now, command.Language, command.Interpreter));
    }

    public static RouteHandlerBuilder MapRecordInformationOnRights(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/information-on-rights", async (Guid caseId, RecordInformationOnRights command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (command.Language is null || !System.Text.RegularExpressions.Regex.IsMatch(command.Language, "^[a-z]{2,3}$"))
                    return ServiceDefaults.Http.Problems.Invalid("language", "the ISO 639 code of a language the person understands, in lower case (e.g. ro), is required.");
                if (command.Interpreter?.Invalid() is { } invalid) return ServiceDefaults.Http.Problems.Invalid(invalid.Field, invalid.Expected);
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, command, context),
                    new DecisionBasis(LegalBasis, command.Reasons), ct);
            },
            Permissions.DecideOnCase, "RecordInformationOnRights", "Record that the person was informed of rights, assistance and the reflection period.");
}
