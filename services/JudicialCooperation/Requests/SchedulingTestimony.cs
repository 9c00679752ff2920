namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>A victim's testimony scheduled — by video conference unless the victim asks otherwise (UNTOC art. 18(18)); the impact assessment comes first.</summary>
public static class SchedulingTestimony
{
    public sealed record ScheduleTestimony(Guid CaseId, Modality Modality, DateTimeOffset ScheduledFor, bool VictimAskedOtherwise = false, string? Reasons = null);

    public static Decision Decide(JudicialRequest state, ScheduleTestimony command, DecisionContext context)
    {
        if (state.Persons.FirstOrDefault(p => p.CaseId == command.CaseId) is not { IsVictim: true })
            return Refusal.Conflict("testimony-of-a-victim", "Testimony is scheduled here for a victim or victim-witness named on the request.");
        if (state.Type is not (RequestType.MlaTestimony or RequestType.MlaVideoTestimony or RequestType.JointInvestigationTeam or RequestType.TransferOfProceedings))
            return Refusal.Conflict("request-type-without-testimony", $"A {Codes.Of(state.Type)} request does not take testimony.");
        if (Cooperating.ImpactFirst(state) is { } impact) return impact;
        if (command.Modality != Modality.VideoConference && !command.VictimAskedOtherwise)
            return new Refusal("victim-testimony-by-video", "A victim abroad or returned testifies by video conference unless they ask otherwise (record that they asked).", "UNTOC art. 18(18); CETS 197 art. 30; Directive 2012/29/EU art. 23(3)(a)");
        if (command.ScheduledFor <= context.Now) return new Refusal("testimony-in-future", "Testimony is scheduled for a future date.");
        return Decision.Accept(new TestimonyScheduled(state.Id, command.CaseId, command.Modality, command.VictimAskedOtherwise, command.ScheduledFor, context.Now));
    }

    public static RouteHandlerBuilder MapSchedulingTestimony(this RouteGroupBuilder requests) =>
        requests.MapDecision("/{requestId:guid}/testimonies", (Guid requestId, ScheduleTestimony command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                RequestEndpoints.DecideAsync(session, requestId, http, (s, c) => Decide(s, command, c), command.Reasons, ct),
            Permissions.HandleJudicialRequests, "ScheduleTestimony", "Schedule a victim's testimony — by video conference unless the victim asked otherwise (UNTOC art. 18(18)).");
}
