namespace TransnationalReferral.Identification.Vault;

/// <summary>
/// Personal data is written to the vault (encrypted with the victim's own key); the case's history records
/// that it was, and which fields — never the values.
/// </summary>
public static class RecordingPersonalData
{
    public const string LegalBasis = "GDPR art. 9(2)(g) and (c); CETS 197 art. 10 — identification of the victim";

    /// <param name="sealedDigest">The digest of the encrypted record to store; null when the person's vault record was erased (through any of their cases).</param>
    public static Decision Decide(IdentificationCase state, PersonalData data, string? sealedDigest, DecisionContext context) =>
        state.PersonalData == PersonalDataStatus.Erased || sealedDigest is null
            ? Refusal.Conflict("personal-data-erased", "The person's personal data was erased; it cannot be recorded again on this case.")
            : Decision.Accept(new PersonalDataRecorded(state.Id, state.VictimId, data.RecordedFields(), context.Now, sealedDigest));

    public static IDictionary<string, string[]>? Validate(PersonalData data)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(string field, IEnumerable<string?>? values, int max)
        {
            if (values?.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > max) == true) errors[field] = [$"each value 1 to {max} characters."];
        }
        Check("names", data.Names, 200);
        Check("aliases", data.Aliases, 200);
        Check("languages", data.Languages, 10);
        Check("contact", data.Contact is null ? null : [data.Contact], 500);
        Check("photoReference", data.PhotoReference is null ? null : [data.PhotoReference], 500);
        if (data.Nationality is { } n && !Jurisdictions.IsValid(n)) errors["nationality"] = ["an ISO 3166-1 alpha-2 code."];
        if (data.IdentityDocuments?.Any(d => string.IsNullOrWhiteSpace(d.Type) || string.IsNullOrWhiteSpace(d.Number) || d.Number.Length > 100 || d.Type.Length > 50) == true)
            errors["identityDocuments"] = ["each needs a type (at most 50 characters) and a number (at most 100)."];
        if (data.RecordedFields().Count == 0) errors["body"] = ["nothing to record."];
        return errors.Count == 0 ? null : errors;
    }

    public static RouteHandlerBuilder MapRecordingPersonalData(this RouteGroupBuilder cases) =>
        cases.MapPut("/{caseId:guid}/personal-data", (Guid caseId, PersonalData data, HttpContext http, IDocumentSession session, PersonalDataVault vault, CancellationToken ct) =>
                Validate(data) is { } errors
                    ? Task.FromResult<IResult>(TypedResults.ValidationProblem(errors))
                    // The family members' data is written by their own decisions: a PUT of the person's data keeps it.
                    : WriteAsync(session, vault, caseId, http, stored => data with { FamilyMembers = stored?.FamilyMembers },
                        (state, written, sealedDigest, context) => Decide(state, written, sealedDigest, context), new DecisionBasis(LegalBasis), ct))
            .WithDecision()
            .RequiresIfMatch()
            .RequireAuthorization(Permissions.WritePersonalData)
            .WithTags("Personal data")
            .WithName("RecordPersonalData")
            .WithSummary("Write the person's personal data to the vault (replaces what was there; family members' data stays, written by their own decisions).")
            .Produces<DecisionAccepted>();

    /// <summary>
    /// Writes the person's vault record as <paramref name="change"/> makes it from what is stored (null when nothing is),
    /// sealed under the person's key, with the decision <paramref name="decide"/> takes on the case (given the digest of
    /// the record, null when the person's data was erased); every case of the person's access log shows the write.
    /// </summary>
    public static async Task<IResult> WriteAsync(IDocumentSession session, PersonalDataVault vault, Guid caseId, HttpContext http, Func<PersonalData?, PersonalData> change,
        Func<IdentificationCase, PersonalData, string?, DecisionContext, Decision> decide, DecisionBasis basis, CancellationToken ct, Creates? creates = null)
    {
        var victimId = http.RegisteredCase().VictimId;
        if (await LinkingCaseToPerson.CasesReachedThroughAsync(session, caseId, victimId, ReadingPersonalData.Log(http), ct) is not { } casesOfPerson) return Problems.NotFound("The person's record through this case");
        var (status, stored, _) = await vault.ReadAsync(session, victimId, ct);
        if (status == PersonalDataVault.ReadStatus.Altered)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: "vault-record-altered", title: "The stored personal data was altered",
                detail: "The vault record is not the one the case's history recorded: nothing is written over it; the data-protection officer must investigate.");
        var data = change(stored);
        var sealedRecord = status == PersonalDataVault.ReadStatus.Erased ? null : await vault.SealAsync(session, victimId, data, http.Now(), ct);
        return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => decide(state, data, sealedRecord?.Digest(), context), basis, ct,
            whenAccepted: async _ =>
            {
                session.Store(sealedRecord!);
                // The record is the person's: each of their cases' access log shows it was written, and through which case.
                http.RecordAccess(session, casesOfPerson.Select(c => (c.Id, c.Jurisdiction)), AccessPurpose.Identification, $"personal data written through case {caseId}");
                // The keyed hashes of the person's documents under the bilateral keys, in the same transaction (non-punishment across nodes).
                await http.RequestServices.GetRequiredService<IdentityMatchIndex>().RefreshAsync(session, victimId, data, http.Now(), ct);
            }, creates: creates);
    }
}
