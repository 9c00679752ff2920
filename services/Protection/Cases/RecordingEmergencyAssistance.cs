using TransnationalReferral.Protection.Operations;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Emergency help given from the first signal on — a safe place, medical care, an interpreter, information — by the
/// organisation that records it (the first responder, the focal point). Recorded on the protection case Identification's
/// signal opened, before any identification decision and never conditional: not on the reasonable-grounds decision,
/// not on cooperating with the authorities, not on any consent but the person's acceptance of the help itself. Help a
/// provider gives is referred instead: <see cref="ReferringInEmergency"/>.
/// </summary>
public static class RecordingEmergencyAssistance
{
    /// <param name="AcceptedByPerson">The person accepted this help: the only consent it asks for.</param>
    /// <param name="Interpreter">Who interpreted when the help (or the information) was given; required for interpreter help.</param>
    /// <param name="AssistanceId">Minted by the endpoint; not part of the body.</param>
    public sealed record RecordEmergencyAssistance(EmergencyHelp Help, bool AcceptedByPerson, Interpreter? Interpreter = null, string? Reasons = null,
        [property: JsonIgnore] Guid AssistanceId = default);

    public static Decision Decide(ProtectionCase state, RecordEmergencyAssistance command, DecisionContext context)
    {
        if (ProtectionRules.First(ProtectionRules.NotClosed(state), ProtectionRules.HelpAccepted(command.AcceptedByPerson)) is { } refusal) return refusal;
        if (command.Help == EmergencyHelp.Interpreter && command.Interpreter is null)
            return new Refusal("emergency-interpreter-recorded", "Interpreter help names who interpreted (interpreter: organisation, reference, language).", ProtectionRules.EmergencyBasis);
        return Decision.Accept(new EmergencyAssistanceGiven(state.Id, command.AssistanceId, command.Help, context.Actor.Organisation, context.Now, command.Interpreter));
    }

    public static RouteHandlerBuilder MapRecordingEmergencyAssistance(this RouteGroupBuilder cases) =>
        cases.MapDecision("/{caseId:guid}/emergency-assistance", (Guid caseId, RecordEmergencyAssistance command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (command.Interpreter?.Invalid() is { } invalid) return Task.FromResult(Problems.Invalid(invalid.Field, invalid.Expected));
                ProtectionCase? before = null;
                var given = command with { AssistanceId = Guid.CreateVersion7() };
                return session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(before = state, given, context), new DecisionBasis(ProtectionRules.EmergencyBasis, command.Reasons), ct,
                    whenAccepted: events =>
                    {
                        ProtectionFigures.WhenFirstPlaced(http, before, events);
                        return Task.CompletedTask;
                    });
            },
            Permissions.DecideOnCase, "RecordEmergencyAssistance",
            "Record emergency help given from the signal on (safe place, medical care, interpreter, information): before any identification decision, whatever the person's cooperation; only the person's acceptance of the help is asked.");
}
