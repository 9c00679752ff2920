namespace TransnationalReferral.JudicialCooperation.Cases;

public enum CooperationStatus { Cooperating, Declined, Withdrawn }

public enum AssetStage { Frozen, Confiscated, Disposed }

/// <summary>A request that prosecutes or seeks the person, recognised as a victim here, held for a non-punishment review.</summary>
public sealed record NonPunishmentFlag(Guid RequestId, string Counterpart, DateTimeOffset FlaggedAt);

public sealed record TracedAsset(Guid AssetId, AssetStage Stage, Money Value);

/// <summary>
/// The judicial file of a case: whether Identification recognised the person as a victim (non-punishment reviews
/// read it), the person's cooperation status (published for information only — it changes no assistance), and the
/// proceeds traced in the proceedings (published for Remedies), the countries the person claims international
/// protection from (heard from Identification): no request naming the person is sent there, at the decision or at the
/// border; the proceedings naming the person as a victim or victim-witness (published for Return) and how the witness is
/// reached after a return; the requests — also a partner's, recognised by keyed hashes — that prosecute or seek the person
/// and wait for a non-punishment review (<see cref="NonPunishmentFlags"/>, what prosecutors read on the case).
/// </summary>
public sealed record CaseFile(
    Guid Id,
    string Jurisdiction,
    DateTimeOffset OpenedAt,
    bool RecognisedVictim = false,
    CooperationStatus? Cooperation = null,
    IReadOnlyList<TracedAsset>? Assets = null,
    IReadOnlyList<string>? ProtectionClaimedFrom = null,
    IReadOnlyList<WitnessProceedings>? Proceedings = null,
    WitnessReachView? Reach = null,
    IReadOnlyList<NonPunishmentFlag>? NonPunishmentFlags = null,
    IReadOnlyList<PartnerProceedsReturnAnswer>? ProceedsReturnAnswers = null,
    IReadOnlyList<SentInformation>? InformationTransmitted = null) : IHearsIdentification, IEvolving<CaseFile>
{
    public static CaseFile? Fold(CaseFile? state, object @event) => (state, @event) switch
    {
        (null, CaseFileOpened e) => new CaseFile(e.CaseId, e.Jurisdiction, e.OpenedAt),
        ({ } s, VictimRecognitionNoted e) => s with { RecognisedVictim = e.Recognised },
        ({ } s, CooperationStatusRecorded e) => s with { Cooperation = e.Status },
        ({ } s, ProtectionClaimNoted e) => s with { ProtectionClaimedFrom = [.. (s.ProtectionClaimedFrom ?? []).Where(c => c != e.Country), e.Country] },
        ({ } s, AssetTraced e) => s with { Assets = [.. (s.Assets ?? []).Where(a => a.AssetId != e.AssetId), new TracedAsset(e.AssetId, e.Stage, e.Value)] },
        ({ } s, VictimWitnessNamed e) => s with { Proceedings = [.. (s.Proceedings ?? []).Where(p => p.Reference != e.ProceedingsReference), new WitnessProceedings(e.ProceedingsReference, e.Role, e.NamedAt)] },
        ({ } s, VictimWitnessProceedingsClosed e) => s with { Proceedings = (s.Proceedings ?? []).Select(p => p.Reference == e.ProceedingsReference ? p with { ClosedAt = e.ClosedAt } : p).ToList() },
        ({ } s, NonPunishmentFlagRaised e) => s with { NonPunishmentFlags = [.. (s.NonPunishmentFlags ?? []).Where(f => f.RequestId != e.RequestId), new NonPunishmentFlag(e.RequestId, e.Counterpart, e.FlaggedAt)] },
        ({ } s, ProceedsReturnAnswerReceived e) => s with
        {
            ProceedsReturnAnswers = [.. (s.ProceedsReturnAnswers ?? []).Where(a => a.RequestId != e.RequestId), new PartnerProceedsReturnAnswer(e.RequestId, e.FromJurisdiction, e.Outcome, e.Returned, e.AnsweredAt)],
        },
        ({ } s, SpontaneousInformationTransmitted e) => s with
        {
            InformationTransmitted = [.. s.InformationTransmitted ?? [], new SentInformation(e.InformationId, e.ToJurisdiction, e.Category, e.HandlingCode, e.LegalBasis, e.TransmittedAt)],
        },
        ({ } s, SpontaneousInformationAcknowledged e) => s with
        {
            InformationTransmitted = (s.InformationTransmitted ?? []).Select(i => i.InformationId == e.InformationId ? i with { AcknowledgedAt = e.AcknowledgedAt } : i).ToList(),
        },
        ({ } s, WitnessReachUpdated e) => s with { Reach = new WitnessReachView(e.Reach, e.ThroughJurisdiction, e.VideoTestimony, e.At) },
        _ => state,
    };
}
