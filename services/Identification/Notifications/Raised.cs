using TransnationalReferral.Contracts.Identification;
using IdentificationAssistanceOverdue = TransnationalReferral.Contracts.Identification.IdentificationAssistanceOverdue;
using ReflectionPeriodExpiring = TransnationalReferral.Contracts.Identification.ReflectionPeriodExpiring;
using TransnationalReferral.Contracts.JudicialCooperation;
using TransnationalReferral.Contracts.Protection;
using TransnationalReferral.Contracts.Remedies;
using TransnationalReferral.Contracts.Return;

namespace TransnationalReferral.Identification.Notifications;

/// <summary>
/// The moments that need someone, heard on the node's bus (the services' contract events: ids and codes only), each
/// turned into a notice for its audience and one delivery per matching subscription — in the transaction that records
/// the message as processed, so nothing accepted is lost and nothing is raised twice for one message.
/// </summary>
public abstract class RaisingConsumer<TMessage>(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger logger)
    : IdempotentConsumer<TMessage>(store, service, clock, logger) where TMessage : class
{
    private readonly string _jurisdiction = service.Jurisdiction;

    /// <summary>The notice and its audience, or null when the message needs nobody here.</summary>
    protected abstract (Notice Notice, IReadOnlyList<Audience> Audiences)? Raise(TMessage message, string jurisdiction);

    protected override Task HandleAsync(TMessage message, IDocumentSession session, DecisionContext context, CancellationToken ct) =>
        Raise(message, _jurisdiction) is { } raised ? session.RaiseAsync(raised.Notice, _jurisdiction, raised.Audiences, ct) : Task.CompletedTask;

    protected static Notice Notice(NotificationKind kind, Guid? caseId, Guid subjectId, string link, DateTimeOffset at) =>
        new(Guid.NewGuid(), kind, typeof(TMessage).Name, caseId, subjectId, link, at);

    protected static readonly Audience FocalPoints = new(null, Roles.FocalPoint);
}

public sealed class ReferralRequestedNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReferralRequestedNotice> logger)
    : RaisingConsumer<ReferralRequested>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(ReferralRequested m, string jurisdiction) =>
        (Notice(NotificationKind.ReferralRequested, m.CaseId, m.ReferralId, $"/api/protection/referrals/{m.ReferralId}", m.RequestedAt),
            [new(m.ProviderOrganisation, Roles.ServiceProvider)]);
}

public sealed class ReferralOverdueNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReferralOverdueNotice> logger)
    : RaisingConsumer<ReferralOverdue>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(ReferralOverdue m, string jurisdiction) =>
        (Notice(NotificationKind.DeadlineMissed, m.CaseId, m.ReferralId, $"/api/protection/referrals/{m.ReferralId}", m.DueAt),
            [new(m.ProviderOrganisation, Roles.ServiceProvider), FocalPoints]);
}

public sealed class AssistanceOverdueNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<AssistanceOverdueNotice> logger)
    : RaisingConsumer<IdentificationAssistanceOverdue>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(IdentificationAssistanceOverdue m, string jurisdiction) =>
        (Notice(NotificationKind.DeadlineMissed, m.CaseId, m.RequestId, $"/api/identification/cases/{m.CaseId}", m.DueAt), [FocalPoints]);
}

public sealed class JudicialRequestOverdueNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<JudicialRequestOverdueNotice> logger)
    : RaisingConsumer<JudicialRequestOverdue>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(JudicialRequestOverdue m, string jurisdiction) =>
        (Notice(NotificationKind.DeadlineMissed, null, m.RequestId, $"/api/judicial/requests/{m.RequestId}", m.DueBy), [new(null, Roles.JudicialOfficer)]);
}

public sealed class ClaimDecisionOverdueNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ClaimDecisionOverdueNotice> logger)
    : RaisingConsumer<ClaimDecisionOverdue>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(ClaimDecisionOverdue m, string jurisdiction) =>
        (Notice(NotificationKind.DeadlineMissed, m.CaseId, m.ClaimId, $"/api/remedies/cases/{m.CaseId}", m.DueBy), [FocalPoints, new(null, Roles.LegalAidLawyer)]);
}

public sealed class MonitoringContactOverdueNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<MonitoringContactOverdueNotice> logger)
    : RaisingConsumer<MonitoringContactOverdue>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(MonitoringContactOverdue m, string jurisdiction) =>
        (Notice(NotificationKind.DeadlineMissed, m.CaseId, m.ContactId, $"/api/return/cases/{m.CaseId}", m.DueAt), [FocalPoints]);
}

public sealed class ReflectionPeriodExpiringNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ReflectionPeriodExpiringNotice> logger)
    : RaisingConsumer<ReflectionPeriodExpiring>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(ReflectionPeriodExpiring m, string jurisdiction) =>
        (Notice(NotificationKind.DeadlineApproaching, m.CaseId, m.CaseId, $"/api/identification/cases/{m.CaseId}", m.WarnedAt), [FocalPoints]);
}

public sealed class PartnerAssistanceRequestNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<PartnerAssistanceRequestNotice> logger)
    : RaisingConsumer<IdentificationAssistanceReceived>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(IdentificationAssistanceReceived m, string jurisdiction) =>
        (Notice(NotificationKind.PartnerRequestReceived, null, m.RequestId, $"/api/identification/assistance-requests/{m.RequestId}", m.ReceivedAt), [FocalPoints]);
}

public sealed class PartnerAssistanceAnswerNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<PartnerAssistanceAnswerNotice> logger)
    : RaisingConsumer<IdentificationAssistanceAnswered>(store, service, clock, logger)
{
    // This node's own answer to a partner's request is heard on the bus too: only a partner's answer needs someone here.
    protected override (Notice, IReadOnlyList<Audience>)? Raise(IdentificationAssistanceAnswered m, string jurisdiction) => m.AnsweringJurisdiction == jurisdiction ? null
        : (Notice(NotificationKind.PartnerAnswerReceived, m.CaseId, m.RequestId, $"/api/identification/cases/{m.CaseId}", m.AnsweredAt), [FocalPoints]);
}

/// <summary>A partner executed or refused one of this node's requests (recorded on the request, from the bus or the exchange): the prosecutors are told.</summary>
public sealed class JudicialAnswerNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<JudicialAnswerNotice> logger)
    : RaisingConsumer<JudicialRequestAnswered>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(JudicialRequestAnswered m, string jurisdiction) => m.Jurisdiction != jurisdiction || m.Answer == "acknowledged" ? null
        : (Notice(NotificationKind.PartnerAnswerReceived, null, m.RequestId, $"/api/judicial/requests/{m.RequestId}", m.AnsweredAt), [new(null, Roles.JudicialOfficer)]);
}

public sealed class JudicialPartnerRequestNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<JudicialPartnerRequestNotice> logger)
    : RaisingConsumer<JudicialRequestReceived>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(JudicialRequestReceived m, string jurisdiction) => m.ToJurisdiction != jurisdiction ? null
        : (Notice(NotificationKind.PartnerRequestReceived, null, m.RequestId, $"/api/judicial/requests/{m.RequestId}", m.ReceivedAt), [new(null, Roles.JudicialOfficer)]);
}

/// <summary>
/// A partner's extradition request naming a victim: the victim must be told of the surrender before it happens
/// (Directive 2012/29/EU art. 6(5)–(6); the victim's case is the requesting state's reference), so the prosecutors who
/// decide the surrender hear of it: they notify the victim through the requesting state's focal point or lawyer.
/// </summary>
public sealed class ExtraditionVictimNotificationDuty(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<ExtraditionVictimNotificationDuty> logger)
    : RaisingConsumer<JudicialRequestReceived>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(JudicialRequestReceived m, string jurisdiction) =>
        m.ToJurisdiction != jurisdiction || m.Type != "extradition" || m.VictimCaseIds is not [var victim, ..] ? null
        : (Notice(NotificationKind.VictimNotificationDuty, victim, m.RequestId, $"/api/judicial/requests/{m.RequestId}", m.ReceivedAt), [new(null, Roles.JudicialOfficer)]);
}

/// <summary>The requested state notified the victim through this node's focal point or lawyer: they pass it on to the person.</summary>
public sealed class VictimNotificationFromPartnerNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<VictimNotificationFromPartnerNotice> logger)
    : RaisingConsumer<VictimNotificationReceivedFromPartner>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(VictimNotificationReceivedFromPartner m, string jurisdiction) =>
        (Notice(NotificationKind.VictimNotificationDuty, m.CaseId, m.RequestId, $"/api/judicial/requests/{m.RequestId}", m.ReceivedAt),
            [m.NotifiedThrough == "lawyer" ? new(null, Roles.LegalAidLawyer) : FocalPoints, new(null, Roles.JudicialOfficer)]);
}

public sealed class NonPunishmentReviewNotice(IDocumentStore store, ServiceIdentity service, TimeProvider clock, ILogger<NonPunishmentReviewNotice> logger)
    : RaisingConsumer<NonPunishmentReviewRequired>(store, service, clock, logger)
{
    protected override (Notice, IReadOnlyList<Audience>)? Raise(NonPunishmentReviewRequired m, string jurisdiction) =>
        (Notice(NotificationKind.NonPunishmentReviewRequired, m.CaseId, m.RequestId, $"/api/judicial/requests/{m.RequestId}", m.FlaggedAt), [new(null, Roles.JudicialOfficer), FocalPoints]);
}
