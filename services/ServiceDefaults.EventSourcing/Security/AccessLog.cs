using System.Text.Json.Serialization;

namespace TransnationalReferral.ServiceDefaults.Security;

/// <summary>Why someone reads personal data or a case's full history. Stated on every such read.</summary>
public enum AccessPurpose
{
    Identification,
    Assistance,
    ReturnAndReintegration,
    Compensation,
    CriminalProceedings,
    Audit,
    VictimRequest,
}

/// <summary>
/// One read of personal data or of a case's full history: who (user, role, organisation, jurisdiction),
/// when, why, what. Append-only (PostgreSQL refuses updates and deletes); auditors query it per case and per user.
/// </summary>
public sealed record AccessLogEntry(
    Guid Id,
    Guid CaseId,
    string CaseJurisdiction,
    string Service,
    string ActorId,
    string ActorRole,
    string ActorOrganisation,
    string ActorJurisdiction,
    DateTimeOffset At,
    AccessPurpose Purpose,
    string What,
    bool Refused = false);

public static class AccessLog
{
    /// <summary>
    /// Records the read before the data is handed out, in its own transaction: no entry, no data.
    /// Returns a 400 problem when no valid purpose was stated, and a 403 (itself logged, as refused) when the caller
    /// sees the case only through share grants and the stated purpose is outside every grant's purpose.
    /// The case is the one in scope of the request, or <paramref name="subject"/> for records scoped otherwise (e.g. a
    /// return received from another country); <paramref name="alsoOn"/> names other cases the same entry is recorded on
    /// (every case of the person, when what is read belongs to the person).
    /// </summary>
    public static async Task<IResult?> RecordReadAsync(this HttpContext http, string? purpose, string what, (Guid CaseId, string Jurisdiction)? subject = null,
        IEnumerable<(Guid CaseId, string Jurisdiction)>? alsoOn = null)
    {
        if (!Decisions.Codes.TryParse<AccessPurpose>(purpose, out var parsed))
            return Problems.Invalid("purpose", $"state why you read this: one of {string.Join(", ", Enum.GetValues<AccessPurpose>().Select(p => Decisions.Codes.Of(p)))}.");

        var inScope = subject is null ? http.RegisteredCase() : null;
        var (caseId, caseJurisdiction) = subject ?? (inScope!.Id, inScope.Jurisdiction);
        var cases = new[] { (caseId, caseJurisdiction) }.Concat(alsoOn ?? []).Distinct().ToList();
        var grantPurposes = inScope?.PurposesFor(http.Actor(), http.Now());
        var refused = grantPurposes is not null && !grantPurposes.Any(granted => Covers(granted, parsed));

        await using var session = http.RequestServices.GetRequiredService<IDocumentStore>().LightweightSession();
        http.RecordAccess(session, refused ? [(caseId, caseJurisdiction)] : cases, parsed, what, refused);
        await session.SaveChangesAsync(http.RequestAborted);
        if (!refused) return null;
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: "read-outside-share-purpose", title: "Outside the purpose the case was shared for",
            detail: $"The case was shared with you for {string.Join(", ", grantPurposes!)}; a read for {Decisions.Codes.Of(parsed)} is outside it. The refused read is recorded in the access log.",
            extensions: new Dictionary<string, object?> { ["rule"] = "read-outside-share-purpose", ["legalSource"] = "GDPR art. 5(1)(b) — purpose limitation" });
    }

    /// <summary>
    /// Whether a grant for <paramref name="granted"/> (a share purpose code) covers a read for <paramref name="purpose"/>:
    /// the same purpose, or identification for a grant of identification assistance. Auditing and the person's own
    /// requests are never implied by another purpose.
    /// </summary>
    public static bool Covers(string granted, AccessPurpose purpose) =>
        granted == Decisions.Codes.Of(purpose) || (granted == "identification-assistance" && purpose == AccessPurpose.Identification);

    /// <summary>Adds one access-log entry per case to <paramref name="session"/> (committed with it): who, when, why, what.</summary>
    public static void RecordAccess(this HttpContext http, IDocumentSession session, IEnumerable<(Guid CaseId, string Jurisdiction)> cases, AccessPurpose purpose, string what, bool refused = false)
    {
        var actor = http.Actor();
        var service = http.RequestServices.GetRequiredService<ServiceIdentity>();
        var now = http.Now();
        foreach (var (caseId, jurisdiction) in cases.Distinct())
            session.Insert(new AccessLogEntry(Guid.CreateVersion7(), caseId, jurisdiction, service.Name,
                actor.Id, actor.Role, actor.Organisation, actor.Jurisdiction, now, purpose, what, refused));
    }

    /// <summary>What auditors read in every service: the access log and the verification of every stream's hash chain.</summary>
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder group, string service) =>
        group.MapAccessLog(service).MapServiceVerification(service).MapCheckpoints(service);

    public static RouteGroupBuilder MapAccessLog(this RouteGroupBuilder group, string service)
    {
        group.MapGet("/access-log", async (Guid? caseId, string? actorId, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                if (caseId is null && string.IsNullOrWhiteSpace(actorId))
                    return Problems.Invalid("caseId", "give a caseId or an actorId.");
                var jurisdiction = http.Actor().Jurisdiction;
                var query = session.Query<AccessLogEntry>().Where(e => e.CaseJurisdiction == jurisdiction);
                if (caseId is { } id) query = query.Where(e => e.CaseId == id);
                if (!string.IsNullOrWhiteSpace(actorId)) query = query.Where(e => e.ActorId == actorId);
                return Results.Ok(await query.OrderBy(e => e.At).Take(1000).ToListAsync(ct));
            })
            .RequireAuthorization(Permissions.ReadAccessLog)
            .WithTags("Access log")
            .WithName($"{service}AccessLog")
            .WithSummary("Who read personal data or a case's full history, when and why (auditors; cases of their jurisdiction).")
            .Produces<IReadOnlyList<AccessLogEntry>>();
        return group;
    }
}

/// <summary>
/// Makes the access log append-only in PostgreSQL itself: updates, deletes and truncation are refused. A part of the
/// service's schema (<see cref="DatabaseSchema"/>): applied by <c>migrate</c> (and at start outside Production) in one
/// transaction under an advisory lock (<see cref="AdvisoryLocks.RunExclusivelyAsync(NpgsqlConnection, string, string, CancellationToken)"/>),
/// so instances starting together replace the function and triggers one after another; checked at a Production start.
/// </summary>
internal sealed class AccessLogTriggers(IDocumentStore store) : ISchemaPart
{
    private const string Function = "trm_access_log_is_append_only";
    private static readonly string[] Triggers = ["trm_access_log_no_change", "trm_access_log_no_truncate"];

    public string Name => "access-log triggers";

    private (string Schema, string Table) Target
    {
        get
        {
            var table = store.Options.Schema.For<AccessLogEntry>();
            return (table.Split('.')[0], table);
        }
    }

    public async Task<string> ApplyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var (schema, table) = Target;
        await AdvisoryLocks.RunExclusivelyAsync(connection, "access-log-guard", $"""
            CREATE OR REPLACE FUNCTION {schema}.{Function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$;
            DROP TRIGGER IF EXISTS {Triggers[0]} ON {table};
            CREATE TRIGGER {Triggers[0]} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {schema}.{Function}();
            DROP TRIGGER IF EXISTS {Triggers[1]} ON {table};
            CREATE TRIGGER {Triggers[1]} BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{Function}();
            """, ct);
        return $"{string.Join(" and ", Triggers)} on {table} (re)installed";
    }

    public async Task<IReadOnlyList<string>> MissingAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var (schema, table) = Target;
        var missing = new List<string>();
        await using (var function = new NpgsqlCommand("select to_regprocedure($1) is not null", connection) { Parameters = { new() { Value = $"{schema}.{Function}()" } } })
            if (await function.ExecuteScalarAsync(ct) is not true) missing.Add($"function {schema}.{Function}() is missing");
        await using var triggers = new NpgsqlCommand("select tgname from pg_trigger where tgrelid = to_regclass($1) and not tgisinternal", connection) { Parameters = { new() { Value = table } } };
        var present = new HashSet<string>();
        await using (var reader = await triggers.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) present.Add(reader.GetString(0));
        missing.AddRange(Triggers.Where(t => !present.Contains(t)).Select(t => $"trigger {t} on {table} is missing"));
        return missing;
    }
}
