using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.Identification.Integration;

/// <summary>A partner's answer to an identification-assistance request → recorded on the case; applied once per message.</summary>
public sealed class IdentificationAssistanceAnsweredConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<IdentificationAssistanceAnsweredConsumer> logger)
    : IdempotentConsumer<IdentificationAssistanceAnswered>(store, service, clock, logger)
{
    private readonly string _jurisdiction = service.Jurisdiction;

    protected override async Task HandleAsync(IdentificationAssistanceAnswered message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.AnsweringJurisdiction == _jurisdiction) return; // this node's own answer to a partner's request
        if (!Jurisdictions.IsValid(message.AnsweringJurisdiction) || !Codes.TryParse<AssistanceOutcome>(message.Outcome, out var outcome))
            throw new InvalidMessageException("IdentificationAssistanceAnswered needs a valid answering jurisdiction and outcome code.");
        var stream = await session.Events.FetchForWriting<IdentificationCase>(message.CaseId, ct);
        if (stream.Aggregate is not { } state) throw new InvalidMessageException("IdentificationAssistanceAnswered names an unknown case.");
        var decision = RecordingAssistanceAnswer.Decide(state, new(message.RequestId, message.AnsweringJurisdiction, outcome), context);
        if (decision.Refusal is { } refusal) throw new InvalidMessageException($"{refusal.Rule}: {refusal.Detail}");
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Cancel(message.CaseId, RequestingIdentificationAssistance.DueDeadline);
        session.Record(new DecisionBasis(RequestingIdentificationAssistance.LegalBasis, $"Answer from {message.AnsweringJurisdiction}."));
    }
}
