namespace TransnationalReferral.Protection.Incoming;

/// <summary>
/// A partner's signed witness-relocation or protection-continuity request, received over the cross-border exchange
/// (by <c>IncomingProtectionRequests</c>), becomes a request for this focal point to answer — once: a repeated one
/// changes nothing; one with questions its purpose does not have is refused.
/// </summary>
public static class ReceivingPartnerRequest
{
    public static Decision Decide(IncomingProtectionRequest? state, CrossBorderRequest command, DecisionContext context, IncomingPurpose purpose, string jurisdiction)
    {
        if (state is not null) return Decision.NothingToDo;
        var services = new List<Need>();
        var forFamily = false;
        foreach (var question in command.Questions)
        {
            if (purpose == IncomingPurpose.ProtectionContinuity && Codes.TryParse<Need>(question, out var need)) services.Add(need);
            else if (purpose == IncomingPurpose.WitnessRelocation && question == AnsweringPartnerRequests.FamilyMembersQuestion) forFamily = true;
            else if (purpose == IncomingPurpose.WitnessRelocation && question == AnsweringPartnerRequests.RelocationQuestion) { }
            else return new Refusal("protection-request-questions", $"'{question}' is not a question of a {Codes.Of(purpose)} request.");
        }
        if (purpose == IncomingPurpose.ProtectionContinuity && services.Count == 0)
            return new Refusal("protection-request-questions", "A protection-continuity request names the services (need codes) to continue.");
        return Decision.Accept(new ProtectionRequestReceived(command.RequestId, purpose, command.CaseReference, command.FromJurisdiction, jurisdiction, command.ChildCase, forFamily,
            services.Distinct().ToList(), command.RespondBy, context.Now));
    }
}
