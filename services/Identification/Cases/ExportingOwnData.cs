using TransnationalReferral.Identification.Vault;

namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// Identification's part of the person's own-data export, on their recorded open request: the request, the person's
/// personal data from the vault, and each of the person's cases the focal point holds (the case in scope and every case
/// linked to the same person in the focal point's jurisdiction) with every decision on it. The read is recorded on each
/// of those cases with the purpose <c>victim-request</c> before anything is answered. The gateway composes this part
/// with the other services' (<c>GET /api/own-access/cases/{caseId}/requests/{requestId}/export</c>).
/// </summary>
public static class ExportingOwnData
{
    /// <param name="PersonalDataStatus"><c>included</c>, <c>not-recorded</c>, <c>erased</c> (<paramref name="ErasedAt"/> says when), <c>altered</c> or <c>not-reached</c> (the case never reached the person's record).</param>
    /// <param name="Cases">The person's cases the caller holds, the case in scope first: each with its state and decisions.</param>
    public sealed record IdentificationOwnData(Guid CaseId, string Jurisdiction, OwnDataRequest Request, string PersonalDataStatus, PersonalData? PersonalData, DateTimeOffset? ErasedAt,
        IReadOnlyList<OwnDataPart> Cases);

    public static RouteHandlerBuilder MapExportingOwnData(this RouteGroupBuilder cases) =>
        cases.MapGet("/{caseId:guid}/own-data-requests/{requestId:guid}/own-data", async Task<IResult> (Guid caseId, Guid requestId, HttpContext http, IQuerySession session, PersonalDataVault vault, CancellationToken ct) =>
            {
                var registered = http.RegisteredCase();
                var actor = http.Actor();
                if (OwnData.Refuses(registered, actor) is { } refusal) return refusal.ToProblem();
                var state = await session.LoadAsync<IdentificationCase>(caseId, ct);
                if (state?.OwnDataRequests.FirstOrDefault(r => r.RequestId == requestId && r.IsOpen) is not { } request) return OwnData.NeedsOpenRequest.ToProblem();

                // The data belongs to the person: every case of theirs the focal point holds, whichever case the request came through.
                var casesOfPerson = await LinkingCaseToPerson.CasesReachedThroughAsync(session, caseId, registered.VictimId, ReadingPersonalData.Log(http), ct);
                var held = (casesOfPerson ?? [registered]).Where(c => OwnData.Refuses(c, actor) is null).OrderBy(c => c.Id != caseId).ToList();
                if (await http.RecordReadAsync(Codes.Of(AccessPurpose.VictimRequest), "personal data, cases and decisions, for the person's own request",
                        alsoOn: held.Select(c => (c.Id, c.Jurisdiction))) is { } invalid) return invalid;

                (PersonalDataVault.ReadStatus Status, PersonalData? Data, DateTimeOffset? ErasedAt) read = casesOfPerson is null ? (PersonalDataVault.ReadStatus.NotRecorded, null, null) : await vault.ReadAsync(session, registered.VictimId, ct);
                var (status, data, erasedAt) = read;
                var parts = new List<OwnDataPart>();
                foreach (var held1 in held)
                    if ((await OwnData.ReadPartAsync<IdentificationCase>(session, held1.Id, "identification", http, null, ct, registered: held1, log: false)).Part is { } part)
                        parts.Add(part);
                var personalDataStatus = casesOfPerson is null ? "not-reached" : status switch
                {
                    PersonalDataVault.ReadStatus.Found => "included",
                    PersonalDataVault.ReadStatus.Erased => "erased",
                    PersonalDataVault.ReadStatus.Altered => "altered",
                    _ => "not-recorded",
                };
                return Results.Ok(new IdentificationOwnData(caseId, registered.Jurisdiction, request, personalDataStatus, status == PersonalDataVault.ReadStatus.Found ? data : null, erasedAt, parts));
            })
            .RequireAuthorization(Permissions.ExportOwnData)
            .WithTags("Personal data")
            .WithName("GetIdentificationOwnDataPart")
            .WithSummary("Identification's part of the person's own-data export, on their recorded open request: the request, the personal data, and each of the person's cases the focal point holds with every decision. Focal point of the case's jurisdiction; recorded in the access log (victim-request). The gateway composes the whole export: GET /api/own-access/cases/{caseId}/requests/{requestId}/export.")
            .Produces<IdentificationOwnData>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
