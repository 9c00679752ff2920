namespace TransnationalReferral.Identification.Vault;

/// <summary>A purpose-bound read of the person's personal data: recorded in the access log before it is answered.</summary>
public static class ReadingPersonalData
{
    public static RouteHandlerBuilder MapReadingPersonalData(this RouteGroupBuilder cases) =>
        cases.MapGet("/{caseId:guid}/personal-data", async (Guid caseId, string? purpose, HttpContext http, IQuerySession session, PersonalDataVault vault, CancellationToken ct) =>
            {
                var victimId = http.RegisteredCase().VictimId;
                // The data belongs to the person: the read is recorded on every case of theirs, whichever case it went through.
                if (await LinkingCaseToPerson.CasesReachedThroughAsync(session, caseId, victimId, Log(http), ct) is not { } casesOfPerson) return Problems.NotFound("Personal data for this case");
                if (await http.RecordReadAsync(purpose, "personal data", alsoOn: casesOfPerson.Select(c => (c.Id, c.Jurisdiction))) is { } invalid) return invalid;
                var (status, data, erasedAt) = await vault.ReadAsync(session, victimId, ct);
                return status switch
                {
                    PersonalDataVault.ReadStatus.Found => Results.Ok(data),
                    PersonalDataVault.ReadStatus.Erased => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, type: "personal-data-erased",
                        title: "Erased", detail: $"The person's personal data was erased on {erasedAt:u}. The decisions on the case remain."),
                    PersonalDataVault.ReadStatus.Altered => Altered(http, caseId),
                    _ => Problems.NotFound("Personal data for this case"),
                };
            })
            .RequireAuthorization(Permissions.ReadPersonalData)
            .WithTags("Personal data")
            .WithName("ReadPersonalData")
            .WithSummary("Read the person's personal data. Needs ?purpose= (recorded in the access log). 410 once erased.")
            .Produces<PersonalData>()
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status409Conflict);

    internal static ILogger Log(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Vault");

    private static IResult Altered(HttpContext http, Guid caseId)
    {
        Log(http).LogCritical("The vault record of case {CaseId} does not match the digest its history recorded: altered outside the service", caseId);
        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "vault-record-altered", title: "The stored personal data was altered",
            detail: "The vault record is not the one the case's history recorded when the data was last written (its digest differs): it was replaced outside the service. Nothing is shown; the data-protection officer must investigate.");
    }
}
