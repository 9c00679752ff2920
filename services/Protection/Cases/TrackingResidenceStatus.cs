using Marten;
using TransnationalReferral.ServiceDefaults.Deadlines;
using TransnationalReferral.ServiceDefaults.Decisions;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Http;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Protection.Cases;

/// <summary>
/// Temporary residence permits for victims: issued, renewed, refused (with reasons), and their expiry as a
/// durable deadline. An expired permit never closes the assistance: it opens a review of the case.
/// </summary>
public static class TrackingResidenceStatus
{
    public const string LegalBasis = "CETS 197 art. 14; Directive 2004/81/EC — residence permits for victims";
    public const string ExpiryDeadline = "residence-permit-expiry";

    public enum PermitDecision { Issued, Renewed, Refused }

    public sealed record RecordPermitDecision(PermitDecision Decision, string PermitType, DateTimeOffset? ExpiresAt, string Reasons);

    public static Decision Decide(ProtectionCase state, RecordPermitDecision command, DecisionContext context)
    {
        if (command.Decision != PermitDecision.Refused && (command.ExpiresAt is not { } expires || expires <= context.Now))
            return new Refusal("permit-expiry-in-future", "An issued or renewed permit has an expiry date in the future.");
        return command.Decision switch
        {
            PermitDecision.Issued => Decision.Accept(new ResidencePermitIssued(state.Id, command.PermitType, command.ExpiresAt!.Value, context.Now)),
            PermitDecision.Renewed when state.Permit is null => Refusal.Conflict("permit-renewal-needs-permit", "There is no permit to renew."),
            PermitDecision.Renewed => Decision.Accept(new ResidencePermitRenewed(state.Id, command.ExpiresAt!.Value, context.Now)),
            _ => Decision.Accept(new ResidencePermitRefused(state.Id, command.PermitType, context.Now)),
        };
    }

    public static RouteGroupBuilder MapTrackingResidenceStatus(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/residence-permits", async (Guid caseId, RecordPermitDecision command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(command.Reasons) || string.IsNullOrWhiteSpace(command.PermitType) || command.PermitType.Length > 100
                    ? Problems.Invalid("reasons", "the permit type (at most 100 characters) and the reasons are required.")
                    : await session.DecideAsync<ProtectionCase>(caseId, http, (state, context) => Decide(state, command, context), new DecisionBasis(LegalBasis, command.Reasons), ct,
                        whenAccepted: async events =>
                        {
                            var expiresAt = events.OfType<ResidencePermitIssued>().FirstOrDefault()?.ExpiresAt ?? events.OfType<ResidencePermitRenewed>().FirstOrDefault()?.ExpiresAt;
                            if (expiresAt is { } due) await session.ScheduleAsync(caseId, ExpiryDeadline, due, ct);
                            else session.Cancel(caseId, ExpiryDeadline);
                        }),
            Permissions.DecideOnCase, "RecordResidencePermitDecision", "Record a residence permit issued, renewed or refused (with reasons); its expiry is tracked. Needs If-Match.");
        return cases;
    }
}

/// <summary>A permit that expires opens a review; the assistance goes on unchanged.</summary>
public sealed class ResidencePermitExpiry : IDeadlineHandler
{
    public string Kind => TrackingResidenceStatus.ExpiryDeadline;

    public async Task HandleAsync(Deadline deadline, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<ProtectionCase>(deadline.CaseId, ct);
        if (stream.Aggregate?.Permit is not { Status: PermitStatus.Valid } permit || permit.ExpiresAt > context.Now) return;
        stream.AppendMany([new ResidencePermitExpired(deadline.CaseId, context.Now), new CaseReviewOpened(deadline.CaseId, "residence-permit-expired", context.Now)]);
        session.Record(new DecisionBasis(TrackingResidenceStatus.LegalBasis, "The residence permit expired: the case is reviewed; assistance continues."));
    }
}
