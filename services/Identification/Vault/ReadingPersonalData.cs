using Marten;
using TransnationalReferral.ServiceDefaults.Cases;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Identification.Vault;

/// <summary>A purpose-bound read of the person's personal data: recorded in the access log before it is answered.</summary>
public static class ReadingPersonalData
{
    public static RouteHandlerBuilder MapReadingPersonalData(this RouteGroupBuilder cases) =>
        cases.MapGet("/{caseId:guid}/personal-data", async (Guid caseId, string? purpose, HttpContext http, IQuerySession session, PersonalDataVault vault, CancellationToken ct) =>
            {
                var victimId = http.RegisteredCase().VictimId;
                if (await http.RecordReadAsync(purpose, "personal data") is { } invalid) return invalid;
                var (status, data, erasedAt) = await vault.ReadAsync(session, victimId, ct);
                return status switch
                {
                    PersonalDataVault.ReadStatus.Found => Results.Ok(data),
                    PersonalDataVault.ReadStatus.Erased => TypedResults.Problem(statusCode: StatusCodes.Status410Gone, type: "personal-data-erased",
                        title: "Erased", detail: $"The person's personal data was erased on {erasedAt:u}. The decisions on the case remain."),
                    _ => Problems.NotFound("Personal data for this case"),
                };
            })
            .RequireAuthorization(Permissions.ReadPersonalData)
            .WithTags("Personal data")
            .WithName("ReadPersonalData")
            .WithSummary("Read the person's personal data. Needs ?purpose= (recorded in the access log). 410 once erased.")
            .Produces<PersonalData>()
            .ProducesProblem(StatusCodes.Status410Gone);
}
