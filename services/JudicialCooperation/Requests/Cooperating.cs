using TransnationalReferral.ServiceDefaults.Decisions;

namespace TransnationalReferral.JudicialCooperation.Requests;

/// <summary>
/// Every decision on a request, pure. The victim's rights are built in: no request that involves a victim is sent
/// or executed without a victim impact assessment; a victim testifies by video conference unless they ask
/// otherwise; victim personal data leaves only with a recorded legal basis; "no onward sharing" means exactly
/// that; no offender is surrendered, released or transferred without the victim's safety assessed and the victim
/// notified; and no request against a person recognised as a victim is executed before a non-punishment review.
/// </summary>
public static class Cooperating
{
    public const string LegalBasis = "UNTOC arts. 16, 18, 19, 21 and 24; Trafficking Protocol art. 6; CETS 197 arts. 26, 28 and 32–35";
    public const string VictimSource = "UNTOC arts. 24–25; CETS 197 art. 28; Directive 2012/29/EU arts. 18–23";
    public const string NonPunishmentSource = "CETS 197 art. 26; Directive 2011/36/EU art. 8; UNODC/OHCHR non-punishment principle";

    public sealed record Draft(RequestType Type, string CounterpartJurisdiction, bool Urgent, IReadOnlyList<Person> Persons, string? Reasons = null);

    public sealed record AddAttachment(string Reference, Classification Classification, Handling Handling, bool ContainsVictimPersonalData, string? LegalBasis = null);

    public sealed record AssessImpact(RiskLevel Level, IReadOnlyList<ProtectiveMeasure> Measures, Modality PreferredModality, string Reasons);

    public sealed record Send(string? Reasons = null);

    public sealed record Forward(string ToJurisdiction, IReadOnlyList<Guid> AttachmentIds, string Reasons);

    public sealed record Acknowledge(string? Reasons = null);

    public sealed record StartExecution(string? Reasons = null);

    public sealed record Complete(bool Partially, string Reasons);

    public sealed record Refuse(RefusalGrounds Grounds, string Reasons);

    public sealed record ReviewNonPunishment(Guid CaseId, bool OffenceCompelledByTrafficking, string Reasons);

    public sealed record ScheduleTestimony(Guid CaseId, Modality Modality, DateTimeOffset ScheduledFor, bool VictimAskedOtherwise = false, string? Reasons = null);

    public sealed record RecordTestimonyHeld(Guid CaseId, string? Reasons = null);

    public sealed record AssessVictimSafety(Guid CaseId, RiskLevel Level, string Reasons);

    public sealed record NotifyVictim(Guid CaseId, Movement Movement, NotifiedThrough Through, string? Reasons = null);

    public sealed record DecideOffenderMovement(Movement Movement, string Reasons);

    public sealed record EstablishJit(IReadOnlyList<string> MemberJurisdictions, string? Reasons = null);

    public sealed record Close(string Reasons);

    private static Refusal? ImpactFirst(JudicialRequest s) => s.InvolvesVictims && s.Impact is null
        ? new Refusal("victim-impact-assessment-first", "The request involves a victim or victim-witness: record the victim impact assessment (risks, protective measures, preferred modality) first.", VictimSource)
        : null;

    /// <summary>Persons Identification recognised as victims who are prosecuted or sought in this request: each needs a non-punishment review.</summary>
    public static IEnumerable<Guid> NeedingReview(JudicialRequest s, IReadOnlySet<Guid> recognisedVictims) =>
        s.Persons.Where(p => p.IsProsecuted && recognisedVictims.Contains(p.CaseId)).Select(p => p.CaseId).Distinct();

    public static Decision Decide(Guid requestId, Draft command, string jurisdiction, DecisionContext context) =>
        command.CounterpartJurisdiction == jurisdiction
            ? new Refusal("request-to-another-state", "A request goes to another state's authority.")
            : Decision.Accept(new RequestDrafted(requestId, command.Type, jurisdiction, command.CounterpartJurisdiction, command.Urgent, command.Persons.Distinct().ToList(), context.Now));

    public static Decision Decide(JudicialRequest s, AddAttachment command, Guid attachmentId, DecisionContext context)
    {
        if (s.Stage is not (RequestStage.Drafted or RequestStage.Acknowledged or RequestStage.UnderExecution))
            return Refusal.Conflict("request-not-open-for-attachments", $"The request is {Codes.Of(s.Stage)}.");
        if (command.ContainsVictimPersonalData && string.IsNullOrWhiteSpace(command.LegalBasis))
            return new Refusal("victim-data-needs-legal-basis", "The attachment discloses the victim's personal data: record the legal basis for disclosing it.", "Directive (EU) 2016/680 arts. 8 and 35; CETS 197 art. 11");
        return Decision.Accept(new AttachmentAdded(s.Id, new Attachment(attachmentId, command.Reference, command.Classification, command.Handling, command.ContainsVictimPersonalData, command.LegalBasis), context.Now));
    }

    public static Decision Decide(JudicialRequest s, AssessImpact command, DecisionContext context) =>
        !s.InvolvesVictims ? Refusal.Conflict("no-victim-on-request", "The request names no victim or victim-witness.")
        : Decision.Accept(new VictimImpactAssessed(s.Id, command.Level, command.Measures.Distinct().ToList(), command.PreferredModality, context.Now));

    public static Decision Decide(JudicialRequest s, Send command, TimeSpan responseTime, DecisionContext context)
    {
        if (s.Direction != Direction.Outgoing || s.Stage != RequestStage.Drafted) return Refusal.Conflict("request-not-draft", "Only a drafted outgoing request is sent.");
        if (ImpactFirst(s) is { } refusal) return refusal;
        return Decision.Accept(new RequestSent(s.Id, s.Type, s.Jurisdiction, s.Counterpart, s.Urgent, context.Now + responseTime, s.Persons, s.Attachments ?? [], context.Now));
    }

    public static Decision Decide(JudicialRequest s, Forward command, DecisionContext context)
    {
        if (command.ToJurisdiction == s.Jurisdiction || command.ToJurisdiction == s.Counterpart)
            return new Refusal("forward-to-third-state", "Forwarding goes to a third state (neither this one nor the counterpart).");
        var attachments = (s.Attachments ?? []).Where(a => command.AttachmentIds.Contains(a.AttachmentId)).ToList();
        if (attachments.Count != command.AttachmentIds.Distinct().Count())
            return Refusal.Conflict("attachment-unknown", "Some attachments are not on this request.");
        if (attachments.FirstOrDefault(a => a.Handling == Handling.NoOnwardSharing) is { } blocked)
            return new Refusal("handling-no-onward-sharing", $"Attachment {blocked.Reference} carries the handling code 'no onward sharing': it is never forwarded to a third state.", "UNTOC art. 18(19)–(20); handling code of the providing state");
        if (attachments.Any(a => a.ContainsVictimPersonalData))
            return new Refusal("victim-data-not-forwarded", "An attachment with the victim's personal data is not forwarded to a third state.", VictimSource);
        return Decision.Accept(new RequestForwarded(s.Id, s.Jurisdiction, command.ToJurisdiction, command.AttachmentIds.Distinct().ToList(), context.Now));
    }

    /// <summary>An incoming request received over the bus; persons recognised as victims and prosecuted or sought are flagged for a non-punishment review.</summary>
    public static Decision Register(JudicialRequest? state, Guid requestId, RequestType type, string jurisdiction, string counterpart, bool urgent, IReadOnlyList<Person> persons,
        IReadOnlyList<Attachment> attachments, DateTimeOffset respondBy, IReadOnlySet<Guid> recognisedVictims, DecisionContext context)
    {
        if (state is not null) return Decision.NothingToDo;
        var registered = new IncomingRequestRegistered(requestId, type, jurisdiction, counterpart, urgent, persons, attachments, respondBy, context.Now);
        var flagged = persons.Where(p => p.IsProsecuted && recognisedVictims.Contains(p.CaseId)).Select(p => (object)new NonPunishmentReviewRequired(requestId, p.CaseId, context.Now));
        return Decision.Accept([registered, .. flagged]);
    }

    public static Decision Decide(JudicialRequest s, Acknowledge command, DecisionContext context) =>
        s.Direction != Direction.Incoming || s.Stage != RequestStage.Sent ? Refusal.Conflict("request-not-received", "Only a received incoming request is acknowledged.")
        : Decision.Accept(new RequestAcknowledged(s.Id, s.Direction, s.Jurisdiction, context.Now));

    public static Decision Decide(JudicialRequest s, StartExecution command, IReadOnlySet<Guid> recognisedVictims, DecisionContext context)
    {
        if (s.Direction != Direction.Incoming || s.Stage != RequestStage.Acknowledged) return Refusal.Conflict("request-not-acknowledged", "Execution starts on an acknowledged incoming request.");
        if (ImpactFirst(s) is { } impact) return impact;
        foreach (var caseId in NeedingReview(s, recognisedVictims).Union((s.Reviews ?? []).Select(r => r.CaseId)))
        {
            var review = (s.Reviews ?? []).FirstOrDefault(r => r.CaseId == caseId);
            if (review?.OffenceCompelledByTrafficking is null)
                return new Refusal("non-punishment-review-first",
                    $"The request concerns a person Identification recognised as a victim (case {caseId}): it is not executed before a non-punishment review is recorded.", NonPunishmentSource);
            if (review.OffenceCompelledByTrafficking == true)
                return new Refusal("non-punishment",
                    $"The review found the offence a direct consequence of being trafficked (case {caseId}): the person is not punished — refuse the request on non-punishment grounds.", NonPunishmentSource);
        }
        return Decision.Accept(new RequestExecutionStarted(s.Id, context.Now));
    }

    public static Decision Decide(JudicialRequest s, ReviewNonPunishment command, DecisionContext context)
    {
        if (!s.Persons.Any(p => p.CaseId == command.CaseId && p.IsProsecuted))
            return Refusal.Conflict("review-person-not-prosecuted", "The person is not prosecuted or sought in this request.");
        return Decision.Accept(new NonPunishmentReviewDecided(s.Id, command.CaseId, command.OffenceCompelledByTrafficking, context.Now));
    }

    public static Decision Decide(JudicialRequest s, Complete command, DecisionContext context)
    {
        if (s.Direction != Direction.Incoming || s.Stage != RequestStage.UnderExecution) return Refusal.Conflict("request-not-under-execution", "Only a request under execution is completed.");
        var executed = new RequestExecuted(s.Id, s.Direction, s.Jurisdiction, command.Partially, context.Now);
        return s.Type == RequestType.TransferOfProceedings
            ? Decision.Accept(executed, new ProceedingsTransferred(s.Id, s.Counterpart, s.Jurisdiction, context.Now))
            : Decision.Accept(executed);
    }

    public static Decision Decide(JudicialRequest s, Refuse command, DecisionContext context) =>
        s.Direction != Direction.Incoming || s.Stage is not (RequestStage.Sent or RequestStage.Acknowledged or RequestStage.UnderExecution)
            ? Refusal.Conflict("request-not-pending", "Only a pending incoming request is refused.")
            : Decision.Accept(new RequestRefused(s.Id, s.Direction, s.Jurisdiction, command.Grounds, context.Now));

    /// <summary>A victim testifies by video conference unless they ask otherwise; the impact assessment comes first.</summary>
    public static Decision Decide(JudicialRequest s, ScheduleTestimony command, DecisionContext context)
    {
        if (s.Persons.FirstOrDefault(p => p.CaseId == command.CaseId) is not { IsVictim: true })
            return Refusal.Conflict("testimony-of-a-victim", "Testimony is scheduled here for a victim or victim-witness named on the request.");
        if (s.Type is not (RequestType.MlaTestimony or RequestType.MlaVideoTestimony or RequestType.JointInvestigationTeam or RequestType.TransferOfProceedings))
            return Refusal.Conflict("request-type-without-testimony", $"A {Codes.Of(s.Type)} request does not take testimony.");
        if (ImpactFirst(s) is { } impact) return impact;
        if (command.Modality != Modality.VideoConference && !command.VictimAskedOtherwise)
            return new Refusal("victim-testimony-by-video", "A victim abroad or returned testifies by video conference unless they ask otherwise (record that they asked).", "UNTOC art. 18(18); CETS 197 art. 30; Directive 2012/29/EU art. 23(3)(a)");
        if (command.ScheduledFor <= context.Now) return new Refusal("testimony-in-future", "Testimony is scheduled for a future date.");
        return Decision.Accept(new TestimonyScheduled(s.Id, command.CaseId, command.Modality, command.VictimAskedOtherwise, command.ScheduledFor, context.Now));
    }

    public static Decision Decide(JudicialRequest s, RecordTestimonyHeld command, DecisionContext context) =>
        (s.Testimonies ?? []).FirstOrDefault(t => t.CaseId == command.CaseId) is not { HeldAt: null } testimony
            ? Refusal.Conflict("testimony-not-scheduled", "No pending testimony for this person.")
            : Decision.Accept(new TestimonyHeld(s.Id, command.CaseId, testimony.Modality, context.Now));

    public static Decision Decide(JudicialRequest s, AssessVictimSafety command, DecisionContext context) =>
        s.Persons.Any(p => p.CaseId == command.CaseId && p.IsVictim)
            ? Decision.Accept(new VictimSafetyAssessed(s.Id, command.CaseId, command.Level, context.Now))
            : Refusal.Conflict("victim-not-on-request", "The person is not a victim named on the request.");

    public static Decision Decide(JudicialRequest s, NotifyVictim command, DecisionContext context) =>
        s.Persons.Any(p => p.CaseId == command.CaseId && p.IsVictim)
            ? Decision.Accept(new VictimNotified(s.Id, command.CaseId, command.Movement, command.Through, context.Now))
            : Refusal.Conflict("victim-not-on-request", "The person is not a victim named on the request.");

    /// <summary>No surrender, release or transfer of the offender before every victim's safety is assessed and the victim notified.</summary>
    public static Decision Decide(JudicialRequest s, DecideOffenderMovement command, DecisionContext context)
    {
        if (s.Type is not (RequestType.Extradition or RequestType.MlaTransferOfDetainedPerson or RequestType.TransferOfProceedings))
            return Refusal.Conflict("request-type-without-offender-movement", $"A {Codes.Of(s.Type)} request moves no offender.");
        foreach (var victim in s.Persons.Where(p => p.IsVictim))
        {
            if (!(s.VictimSafetyAssessed ?? []).Contains(victim.CaseId))
                return new Refusal("surrender-needs-victim-safety-assessment", $"Assess the safety of the victim (case {victim.CaseId}) before the offender's {Codes.Of(command.Movement)}.", VictimSource);
            if (!(s.VictimsNotified ?? []).Contains(victim.CaseId))
                return new Refusal("surrender-needs-victim-notification", $"Notify the victim (case {victim.CaseId}), through their focal point or lawyer, before the offender's {Codes.Of(command.Movement)}.", "Directive 2012/29/EU art. 6(5)–(6); CETS 197 art. 28");
        }
        return Decision.Accept(new OffenderMovementDecided(s.Id, command.Movement, context.Now));
    }

    public static Decision Decide(JudicialRequest s, EstablishJit command, DecisionContext context) =>
        s.Type != RequestType.JointInvestigationTeam ? Refusal.Conflict("not-a-jit-request", "Only a joint investigation team request establishes a team.")
        : s.Stage is not (RequestStage.Acknowledged or RequestStage.UnderExecution or RequestStage.Executed) ? Refusal.Conflict("jit-after-acknowledgement", "A team is established once the request is acknowledged.")
        : Decision.Accept(new JitEstablished(s.Id, [.. command.MemberJurisdictions.Append(s.Jurisdiction).Append(s.Counterpart).Distinct().Order()], context.Now));

    public static Decision Decide(JudicialRequest s, Close command, DecisionContext context) =>
        s.Stage == RequestStage.Closed ? Decision.NothingToDo : Decision.Accept(new RequestClosed(s.Id, context.Now));

    /// <summary>
    /// The counterpart's answers to an outgoing request, heard on the bus or received signed over the cross-border
    /// exchange. An answer that tells nothing new (the request already acknowledged, already under execution, the
    /// testimony already held, or the request already concluded) has no effect, so that a repeated or late answer
    /// changes nothing.
    /// </summary>
    public static Decision Answered(JudicialRequest s, string answeringJurisdiction, object answer) =>
        s.Direction != Direction.Outgoing || s.Counterpart != answeringJurisdiction
            ? new Refusal("answer-unexpected", $"Request {s.Id} was not sent to {answeringJurisdiction}.")
            : s.Stage is RequestStage.Executed or RequestStage.PartiallyExecuted or RequestStage.Refused or RequestStage.Closed
                ? Decision.NothingToDo
                : answer switch
                {
                    RequestAcknowledged when s.Stage != RequestStage.Sent => Decision.NothingToDo,
                    RequestExecutionStarted when s.Stage is not (RequestStage.Sent or RequestStage.Acknowledged) => Decision.NothingToDo,
                    TestimonyHeld t when (s.Testimonies ?? []).Any(x => x.CaseId == t.CaseId && x.HeldAt is not null) => Decision.NothingToDo,
                    _ => Decision.Accept(answer),
                };
}
