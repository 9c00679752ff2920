using Contract = TransnationalReferral.Contracts.Return;

namespace TransnationalReferral.JudicialCooperation.Integration;

/// <summary>
/// What the judicial file hears from Return: the person departed for the country of return, then arrived there. The
/// file records how the witness is reached from now on (<see cref="UpdatingWitnessReach"/>). A case this node keeps no
/// judicial file for (another node's return on a shared bus) is not ours.
/// </summary>
public abstract class FromReturnConsumer<T>(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger logger) : IdempotentConsumer<T>(store, service, clock, logger) where T : class
{
    private readonly ILogger _logger = logger;

    protected abstract (Guid CaseId, UpdatingWitnessReach.UpdateWitnessReach Reach) Read(T message);

    protected override async Task HandleAsync(T message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var (caseId, reach) = Read(message);
        if (caseId == Guid.Empty || !Jurisdictions.IsValid(reach.ThroughJurisdiction))
            throw new InvalidMessageException($"{typeof(T).Name} needs a case id and the ISO 3166-1 alpha-2 code of the country of return.");
        var stream = await session.Events.FetchForWriting<CaseFile>(caseId, ct);
        if (stream.Aggregate is not { } file)
        {
            _logger.LogInformation("{Message} for case {CaseId}: no judicial file on this node; ignored", typeof(T).Name, caseId);
            return;
        }
        var decision = UpdatingWitnessReach.Decide(file, reach, context);
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(UpdatingWitnessReach.LegalBasis, $"{typeof(T).Name} (Return)."));
    }
}

/// <summary>Departed: on the way to the country of return, to be reached through its focal point.</summary>
public sealed class ReturnDepartedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReturnDepartedConsumer> logger)
    : FromReturnConsumer<Contract.ReturnDeparted>(store, service, clock, logger)
{
    protected override (Guid, UpdatingWitnessReach.UpdateWitnessReach) Read(Contract.ReturnDeparted m) => (m.CaseId, new(WitnessReach.Departing, m.ToJurisdiction, false));
}

/// <summary>Arrived (the destination's continuity of rights): reached through the country of return's focal point, testifying by video conference from there.</summary>
public sealed class ReturnCompletedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReturnCompletedConsumer> logger)
    : FromReturnConsumer<Contract.ReturnCompleted>(store, service, clock, logger)
{
    protected override (Guid, UpdatingWitnessReach.UpdateWitnessReach) Read(Contract.ReturnCompleted m) =>
        (m.CaseId, new(WitnessReach.ThroughFocalPoint, m.ContactThroughJurisdiction, m.VideoConferenceTestimony));
}
