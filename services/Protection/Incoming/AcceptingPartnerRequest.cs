namespace TransnationalReferral.Protection.Incoming;

/// <summary>This focal point accepts a partner's relocation request, or its continuity request with the services this state will provide.</summary>
public static class AcceptingPartnerRequest
{
    public sealed record Accept(IReadOnlyList<Need>? Services = null, string? Reasons = null);

    public static Decision Decide(IncomingProtectionRequest state, Accept command, DecisionContext context)
    {
        if (state.Stage != IncomingStage.Received) return Refusal.Conflict("partner-request-already-answered", $"The request was answered ({Codes.Of(state.Stage)}); it is accepted or declined once.");
        var services = (command.Services ?? []).Distinct().ToList();
        if (state.Purpose == IncomingPurpose.ProtectionContinuity && services.Count == 0)
            return new Refusal("continuity-services-provided", "Accepting a continuity request says which services (need codes) this state will provide.");
        if (state.Purpose == IncomingPurpose.WitnessRelocation && services.Count > 0)
            return new Refusal("relocation-has-no-services", "A relocation is accepted as such; services belong to a continuity request.");
        return Decision.Accept(new ProtectionRequestAccepted(state.Id, state.Purpose, state.CaseReference, state.FromJurisdiction, state.Jurisdiction, services, context.Now));
    }

    public static RouteHandlerBuilder MapAcceptingPartnerRequest(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/acceptance", (Guid requestId, Accept command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                AnsweringPartnerRequests.DecideOnRequestAsync(session, requestId, http, command.Reasons, (state, context) => Decide(state, command, context), ct),
            Permissions.DecideOnCase, "AcceptPartnerProtectionRequest",
            "Accept a partner's relocation request, or its continuity request with the services (need codes) this state will provide (goes back signed; the reasons stay here).");
}
