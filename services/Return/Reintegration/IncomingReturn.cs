namespace TransnationalReferral.Return.Reintegration;

/// <summary>Origin side: received, acknowledged, reception arranged, arrived, reintegrating (plan agreed), closed.</summary>
public enum IncomingStage { Received, Acknowledged, Arranged, Arrived, Reintegrating, Closed }

public enum ReintegrationGoal { Housing, Health, Education, Employment, Income, FamilyReunification, LegalProceedings, Compensation, PsychosocialSupport, SocialInclusion }

public enum ContactOutcome { Stable, AtRisk, ReTrafficked, NotReached }

public enum ReintegrationOutcome { Sustainable, PartlySustainable, NotSustainable, LostContact }

public sealed record MonitoringContact(Guid ContactId, DateTimeOffset DueBy, DateTimeOffset? HeldAt = null, ContactOutcome? Outcome = null, bool Overdue = false);

public sealed record ReintegrationPlan(IReadOnlyList<ReintegrationGoal> Goals, IReadOnlyList<string> Providers, DateTimeOffset AgreedAt);

/// <summary>
/// A return seen from the country of return: the reception request received over the bus, the reception
/// arranged, the arrival, then the reintegration plan and up to 12 months of monitoring contacts. The stream id
/// is the request id; it is held by this node's jurisdiction. No personal data.
/// </summary>
public sealed record IncomingReturn(
    Guid Id,
    Guid CaseId,
    string FromJurisdiction,
    string Jurisdiction,
    bool ChildCase,
    bool EscortRequired,
    IncomingStage Stage,
    DateTimeOffset ReceivedAt,
    string? MetBy = null,
    DateTimeOffset? ArrivedAt = null,
    ReintegrationPlan? Plan = null,
    IReadOnlyList<MonitoringContact>? Contacts = null,
    ReintegrationOutcome? Outcome = null) : ICaseState, IEvolving<IncomingReturn>
{
    /// <summary>
    /// Who sees and acts on a return to this country: the jurisdiction's focal point (it coordinates the reception) and
    /// auditors, and the organisations it involved — the one meeting the person and the reintegration providers. A
    /// service provider or case worker of any other organisation is told "not found".
    /// </summary>
    public bool Allows(Actor actor) =>
        actor.Jurisdiction == Jurisdiction &&
        (actor.Role is Roles.FocalPoint or Roles.Auditor || actor.Organisation == MetBy || (Plan?.Providers ?? []).Contains(actor.Organisation));

    private IncomingReturn WithContact(Guid contactId, Func<MonitoringContact, MonitoringContact> change) =>
        this with { Contacts = (Contacts ?? []).Select(c => c.ContactId == contactId ? change(c) : c).ToList() };

    public static IncomingReturn? Fold(IncomingReturn? state, object @event) => (state, @event) switch
    {
        (null, ReceptionRequestReceived e) => new IncomingReturn(e.RequestId, e.CaseId, e.FromJurisdiction, e.ToJurisdiction, e.ChildCase, e.EscortRequired, IncomingStage.Received, e.ReceivedAt),
        ({ } s, ReceptionAcknowledgementSent) => s with { Stage = IncomingStage.Acknowledged },
        ({ } s, ReceptionArrangementsMade e) => s with { Stage = IncomingStage.Arranged, MetBy = e.MetBy },
        ({ } s, ArrivalRecorded e) => s with { Stage = IncomingStage.Arrived, ArrivedAt = e.ArrivedAt },
        ({ } s, ReintegrationPlanAgreed e) => s with
        {
            Stage = IncomingStage.Reintegrating,
            Plan = new ReintegrationPlan(e.Goals, e.Providers, e.AgreedAt),
            Contacts = [.. (s.Contacts ?? []).Where(c => c.HeldAt is not null), .. e.Contacts.Select(c => new MonitoringContact(c.ContactId, c.DueBy))],
        },
        ({ } s, MonitoringContactHeld e) => s.WithContact(e.ContactId, c => c with { HeldAt = e.HeldAt, Outcome = e.Outcome }),
        ({ } s, MonitoringContactMissed e) => s.WithContact(e.ContactId, c => c with { Overdue = true }),
        ({ } s, ReintegrationClosed e) => s with { Stage = IncomingStage.Closed, Outcome = e.Outcome },
        _ => state,
    };
}
