namespace TransnationalReferral.Identification.Cases;

/// <summary>
/// The person asked for their personal data and every decision about them (GDPR art. 15; CETS 197 art. 12(1)(d)): the
/// request is recorded as received — by the person, by the appointed guardian of a child, or by the person's lawyer —
/// with the language the answer is to be in, and must be answered within one month of receipt (GDPR art. 12(3); a
/// durable deadline marks it overdue). Without a recorded open request no export is produced
/// (<see cref="ExportingOwnData"/>); the answer is recorded by <see cref="AnsweringOwnDataRequest"/>.
/// </summary>
public static class RecordingOwnDataRequest
{
    public const string LegalBasis = OwnData.LegalBasis;
    public const string DueDeadline = "own-data-request-due";

    /// <param name="RepresentativeOrganisation">The guardian's organisation (a child's request) or the lawyer's; none when the person asks themselves.</param>
    /// <param name="Language">The ISO 639 code of the language the person reads (the export's texts are in it where the catalogue has them).</param>
    public sealed record RecordOwnDataRequest(OwnDataRequester RequestedBy, DateTimeOffset ReceivedAt, string Language, string? RepresentativeOrganisation = null, string? Reasons = null,
        [property: JsonIgnore] Guid RequestId = default);

    public static Decision Decide(IdentificationCase state, RecordOwnDataRequest command, DecisionContext context)
    {
        if (command.RequestedBy == OwnDataRequester.Guardian)
        {
            if (!state.IsTreatedAsChild)
                return new Refusal("own-data-request-guardian-for-a-child",
                    "A guardian asks on behalf of a child; an adult asks themselves or through their lawyer.", "GDPR art. 8 and 12; CETS 197 art. 10(4)");
            if (state.GuardianOrganisation is null || command.RepresentativeOrganisation != state.GuardianOrganisation)
                return new Refusal("own-data-request-by-appointed-guardian",
                    "A child's request comes from the guardian appointed on the case (name the guardian's organisation); appoint the guardian first.",
                    "CETS 197 art. 10(4); UN CRC art. 12", Next: "POST /api/identification/cases/{caseId}/guardian");
        }
        if (command.RequestedBy == OwnDataRequester.Lawyer && string.IsNullOrWhiteSpace(command.RepresentativeOrganisation))
            return new Refusal("own-data-request-representative-named",
                "A lawyer's request names the lawyer's organisation: the data goes to a representative the person chose, whose mandate was checked.", "GDPR art. 12(6)");
        if (state.OwnDataRequests.Any(r => r.IsOpen))
            return Refusal.Conflict("one-open-own-data-request", "The person's earlier request for their data is still open: answer it first (the export covers everything up to the day it is produced).");
        return Decision.Accept(new OwnDataRequestRecorded(state.Id, command.RequestId, command.RequestedBy, command.RepresentativeOrganisation, command.Language,
            command.ReceivedAt, command.ReceivedAt.AddMonths(1), context.Now));
    }

    /// <summary>A request for the person's own data recorded: its id, its case and the case's new version (the ETag).</summary>
    public sealed record OwnDataRequestCreated(Guid CaseId, Guid RequestId, DateTimeOffset DueAt, long Version);

    public static RouteGroupBuilder MapRecordingOwnDataRequest(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/own-data-requests", async (Guid caseId, RecordOwnDataRequest command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (command.Language is null || !System.Text.RegularExpressions.Regex.IsMatch(command.Language, "^[a-z]{2,3}$"))
                    return Problems.Invalid("language", "the ISO 639 code of the language the person reads, in lower case (e.g. ro).");
                if (command.RepresentativeOrganisation is not null && !OrganisationCodes.IsValid(command.RepresentativeOrganisation))
                    return Problems.Invalid("representativeOrganisation", "the guardian's or lawyer's organisation code (e.g. nl-nidos).");
                if (command.ReceivedAt > http.Now().AddMinutes(5)) return Problems.Invalid("receivedAt", "when the request was received: not in the future.");
                var request = command with { RequestId = Guid.CreateVersion7() };
                return await session.DecideAsync<IdentificationCase>(caseId, http, (state, context) => Decide(state, request, context),
                    new DecisionBasis(LegalBasis, command.Reasons), ct,
                    whenAccepted: events => session.ScheduleAsync(caseId, DueDeadline, events.OfType<OwnDataRequestRecorded>().Single().DueAt, ct, subject: request.RequestId),
                    creates: new Creates($"/api/identification/cases/{caseId}/own-data-requests/{request.RequestId}",
                        version => new OwnDataRequestCreated(caseId, request.RequestId, request.ReceivedAt.AddMonths(1), version)));
            },
            Permissions.DecideOnCase, "RecordOwnDataRequest", "Record the person's request for their own data and every decision about them (who asked, received when, language); due within a month. 201: Location is the request.")
            .Produces<OwnDataRequestCreated>(StatusCodes.Status201Created);
        cases.MapCaseItem<IdentificationCase, OwnDataRequest>("own-data-requests", (state, requestId) => state.OwnDataRequests.FirstOrDefault(r => r.RequestId == requestId),
            "own-data request", "GetOwnDataRequest");
        return cases;
    }
}

/// <summary>A request for the person's own data not answered within the month is marked overdue.</summary>
public sealed class OwnDataRequestDeadline : IDeadlineHandler
{
    public string Kind => RecordingOwnDataRequest.DueDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<IdentificationCase>(deadline.CaseId, ct);
        if (stream.Aggregate?.OwnDataRequests.FirstOrDefault(r => r.RequestId == deadline.Subject && r.IsOpen && !r.Overdue) is not { } open) return;
        stream.AppendOne(new OwnDataRequestOverdue(deadline.CaseId, open.RequestId, open.DueAt));
        session.Record(new DecisionBasis(RecordingOwnDataRequest.LegalBasis, "The person's request was not answered within one month of receipt."));
    }
}
