namespace TransnationalReferral.ServiceDefaults.EventStore;

/// <summary>One decision in a case's history, as auditors read it.</summary>
public sealed record HistoryEntry(
    long Version,
    long Sequence,
    string Decision,
    DateTimeOffset RecordedAt,
    string? ActorId,
    string? ActorRole,
    string? ActorOrganisation,
    string? ActorJurisdiction,
    string? LegalBasis,
    string? Reasons,
    string? CorrelationId,
    string? CausationId,
    object Data,
    Guid? RelatedStream = null);

/// <summary>
/// The streams that belong to a case without being its own stream — a judicial request naming one of the case's
/// persons, an incoming return for it — so that its history, export and timeline are complete. Only the streams the
/// <paramref name="actor"/> may read through their own endpoints are returned: the case does not widen who reads them.
/// </summary>
public delegate Task<IReadOnlyList<Guid>> RelatedStreams(IQuerySession session, Guid caseId, Decisions.Actor actor, CancellationToken ct);

public static class History
{
    public static async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(this IQuerySession session, Guid streamId, Decisions.Actor actor, CancellationToken ct, RelatedStreams? related = null)
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: ct);
        var entries = events.Select(ToEntry).ToList();
        if (related is null) return entries;
        foreach (var id in await related(session, streamId, actor, ct))
            entries.AddRange((await session.Events.FetchStreamAsync(id, token: ct)).Select(e => ToEntry(e) with { RelatedStream = id }));
        return entries.OrderBy(e => e.Sequence).ToList();
    }

    public static HistoryEntry ToEntry(IEvent e) => new(
        e.Version,
        e.Sequence,
        e.EventTypeName,
        e.Timestamp,
        Header(e, AuditHeaders.ActorId) ?? e.UserName,
        Header(e, AuditHeaders.ActorRole),
        Header(e, AuditHeaders.ActorOrganisation),
        Header(e, AuditHeaders.ActorJurisdiction),
        Header(e, AuditHeaders.LegalBasis),
        Header(e, AuditHeaders.Reasons),
        e.CorrelationId,
        e.CausationId,
        e.Data);

    public static string? Header(this IEvent e, string name) =>
        e.Headers is not null && e.Headers.TryGetValue(name, out var value) ? value?.ToString() : null;
}
