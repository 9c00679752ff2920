using TransnationalReferral.Contracts.Identification;

namespace TransnationalReferral.ServiceDefaults.Cases;

/// <summary>
/// The streams of a service that belong to a case (its own stream, and the <see cref="RelatedStreams"/> its reads are
/// mapped with: judicial requests naming the case's person, incoming returns for it). Set once, where the case reads are
/// mapped (<see cref="Reads.MapCaseReads{TState}"/>), so that erasure reaches the same streams the case's history shows.
/// </summary>
public sealed class StreamsOfCase
{
    private RelatedStreams? _related;

    public void Use(RelatedStreams? related) => _related ??= related;

    /// <summary>Every stream of the case in this service, whoever may read them.</summary>
    public async Task<IReadOnlyList<Guid>> AllAsync(IQuerySession session, Guid caseId, string jurisdiction, string service, CancellationToken ct)
    {
        if (_related is null) return [caseId];
        // Read as the node's focal point: the role that may read every kind of related stream of its own jurisdiction.
        var reader = new Actor($"system:{service}", Roles.FocalPoint, service, jurisdiction);
        return [caseId, .. await _related(session, caseId, reader, ct)];
    }
}

/// <summary>
/// Identification erased the person's personal data on this case: the free text this service keeps about the case
/// (the reasons of its decisions, on the case's stream and the streams related to it) is erased too, by destroying the
/// keys it is sealed under. The events stay and their hash chain still verifies; their reasons read as erased.
/// </summary>
public sealed class PersonalDataErasedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock, FreeText freeText, StreamsOfCase streams,
    ILogger<PersonalDataErasedConsumer> logger) : IdempotentConsumer<PersonalDataErased>(store, service, clock, logger)
{
    protected override async Task HandleAsync(PersonalDataErased message, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (message.CaseId == Guid.Empty) throw new InvalidMessageException("PersonalDataErased needs a case id.");
        await freeText.EraseAsync(session, await streams.AllAsync(session, message.CaseId, context.Actor.Jurisdiction, context.Actor.Organisation, ct), context.Now, ct);
    }
}
