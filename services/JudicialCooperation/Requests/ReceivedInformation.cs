namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// Information another state transmitted to this one without a prior request (UNTOC art. 18(4)), received signed over the
/// cross-border exchange: its category and handling codes, the legal basis, the sending state's case reference — never
/// the content. The focal point or prosecutor reads it and acknowledges it (<see cref="AcknowledgingReceivedInformation"/>);
/// the acknowledgement goes back signed.
/// </summary>
public sealed record ReceivedInformation(Guid Id, string Jurisdiction, string FromJurisdiction, Guid CaseReference, string Category, string HandlingCode, string LegalBasis,
    DateTimeOffset ReceivedAt, DateTimeOffset? AcknowledgedAt = null) : ICaseState, IEvolving<ReceivedInformation>
{
    public static ReceivedInformation? Fold(ReceivedInformation? state, object @event) => (state, @event) switch
    {
        (null, SpontaneousInformationReceived e) => new ReceivedInformation(e.InformationId, e.Jurisdiction, e.FromJurisdiction, e.CaseReference, e.Category, e.HandlingCode, e.LegalBasis, e.ReceivedAt),
        ({ } s, ReceivedInformationAcknowledged e) => s with { AcknowledgedAt = e.AcknowledgedAt },
        _ => state,
    };

    /// <summary>Registered once: the same transmission again changes nothing.</summary>
    public static Decision Register(ReceivedInformation? state, SpontaneousInformationReceived received) =>
        state is not null ? Decision.NothingToDo : Decision.Accept(received);

}

/// <summary><c>/api/judicial/received-information</c>: what other states transmitted, read by those who read judicial requests.</summary>
public static class ReceivedInformationQueries
{
    public static RouteGroupBuilder MapReceivedInformation(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                var jurisdiction = http.Actor().Jurisdiction;
                return Results.Ok(await session.Query<ReceivedInformation>().Where(r => r.Jurisdiction == jurisdiction).OrderBy(r => r.ReceivedAt).Take(1000).ToListAsync(ct));
            })
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("ListReceivedInformation")
            .WithSummary("Information other states transmitted without a prior request (codes only), oldest first.").Produces<IReadOnlyList<ReceivedInformation>>();
        group.MapGet("/{informationId:guid}", async (Guid informationId, HttpContext http, IQuerySession session, CancellationToken ct) =>
                await FindAsync(session, informationId, http, ct) is not null
                    ? await session.GetCaseAsync<ReceivedInformation>(informationId, http, s => s, ct) : Problems.NotFound("The information"))
            .RequireAuthorization(Permissions.ReadJudicialRequests).WithName("GetReceivedInformation")
            .WithSummary("One transmission received; the ETag is the version for If-Match.").Produces<ReceivedInformation>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapAcknowledgingReceivedInformation();
        return group;
    }

    /// <summary>The transmission, if the caller may read it (<see cref="RequestAccess"/>); otherwise none, answered as "not found".</summary>
    internal static async Task<ReceivedInformation?> FindAsync(IQuerySession session, Guid informationId, HttpContext http, CancellationToken ct) =>
        await session.LoadAsync<ReceivedInformation>(informationId, ct) is { } found && RequestAccess.MayRead(http.Actor(), found.Jurisdiction) ? found : null;
}
