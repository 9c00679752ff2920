using JasperFx.Events;
using Marten;

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
    object Data);

public static class History
{
    public static async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(this IQuerySession session, Guid streamId, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: ct);
        return events.Select(ToEntry).ToList();
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
