namespace TransnationalReferral.Contracts.CrossBorder;

// The cross-border referral protocol between national nodes (and partner countries that do not run this software).
// Every message leaves a node through ServiceDefaults/CrossBorder (gates, minimisation, signature) and travels as
// UTF-8 JSON (camelCase members) with its wire type in the AMQP "type" property: trm.crossborder.<name>.v<version>.
// Ids and codes only, never personal data: the person is the sending node's pseudonymous case reference.
// Versioned and evolved additively: see README.md next to this folder ("Cross-border messages").
// (Arrays rather than collection expressions for the code lists: those synthesise a type outside any namespace.)

/// <summary>The wire name and version of a cross-border message: AMQP <c>type</c> = <c>trm.crossborder.{Name}.v{Version}</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CrossBorderMessageAttribute(string name, int version) : Attribute
{
    public string Name { get; } = name;
    public int Version { get; } = version;
    public string WireType => $"trm.crossborder.{Name}.v{Version}";
}

/// <summary>Why one node asks another: the purposes of the transnational referral mechanism.</summary>
public static class CrossBorderPurposes
{
    public const string IdentificationAssistance = "identification-assistance";
    public const string ProtectionContinuity = "protection-continuity";
    public const string ReturnReception = "return-reception";
    public const string ReintegrationMonitoring = "reintegration-monitoring";
    public const string Compensation = "compensation";
    public const string WitnessRelocation = "witness-relocation";
    public const string MutualLegalAssistance = "mutual-legal-assistance";

    /// <summary>A request to surrender a person sought (UNTOC art. 16); the requested node's notification of the victim crosses back as an update.</summary>
    public const string Extradition = "extradition";

    /// <summary>A request to set up a joint investigation team (UNTOC art. 19); the team's membership and its information-sharing log cross as updates, from either side.</summary>
    public const string JointInvestigation = "joint-investigation";

    /// <summary>A request to transfer criminal proceedings (UNTOC art. 21), with its forum criteria as question codes (<c>forum:&lt;code&gt;</c>).</summary>
    public const string TransferOfProceedings = "transfer-of-proceedings";

    /// <summary>A request for police cooperation (UNTOC art. 27).</summary>
    public const string PoliceCooperation = "police-cooperation";

    /// <summary>Information sent without a prior request (UNTOC art. 18(4)): one way, its category as the question code; acknowledged by the receiving focal point.</summary>
    public const string SpontaneousInformation = "spontaneous-information";

    /// <summary>A request to return confiscated proceeds so that the requesting state can compensate victims (UNTOC art. 14(2)); the answer crosses back as the outcome.</summary>
    public const string ProceedsReturn = "proceeds-return";

    public static readonly IReadOnlyList<string> All = new[] { IdentificationAssistance, ProtectionContinuity, ReturnReception, ReintegrationMonitoring, Compensation, WitnessRelocation, MutualLegalAssistance, Extradition,
        JointInvestigation, TransferOfProceedings, PoliceCooperation, SpontaneousInformation, ProceedsReturn };
}

/// <summary>On what ground data about the person may cross the border.</summary>
public static class TransferBases
{
    /// <summary>The person's (a child's guardian's) consent to cross-border transfer to the receiving jurisdiction.</summary>
    public const string Consent = "consent";

    /// <summary>A recorded legal basis (e.g. a mutual legal assistance treaty), named in <c>LegalBasis</c>.</summary>
    public const string LegalBasis = "legal-basis";

    /// <summary>An answer to a request the receiving node sent: it travels back under that request's ground.</summary>
    public const string Reply = "reply";
}

/// <summary>What the receiving node may do with what it receives (the handling code of the sending node).</summary>
public static class HandlingCodes
{
    /// <summary>For the purpose of the request only, may stay with the receiving node's competent authorities.</summary>
    public const string PurposeOnly = "purpose-only";

    /// <summary>Never passed on to a third state.</summary>
    public const string NoOnwardSharing = "no-onward-sharing";

    /// <summary>Stays in the originating node: refused by the gates for any cross-border message.</summary>
    public const string NationalOnly = "national-only";

    public static readonly IReadOnlyList<string> All = new[] { PurposeOnly, NoOnwardSharing, NationalOnly };
}

/// <summary>What a delivery evidence attests (after e-CODEX: delivered, retrieved).</summary>
public static class DeliveryEvidenceKinds
{
    /// <summary>The partner node received the message, verified its signature and stored it (sent by the node itself).</summary>
    public const string ReceivedByNode = "received-by-node";

    /// <summary>The partner node's focal point acknowledged the request.</summary>
    public const string AcknowledgedByFocalPoint = "acknowledged-by-focal-point";

    public static readonly IReadOnlyList<string> All = new[] { ReceivedByNode, AcknowledgedByFocalPoint };
}

/// <summary>Why a request was declined.</summary>
public static class DeclineReasons
{
    public const string OutsideCompetence = "outside-competence";
    public const string InsufficientInformation = "insufficient-information";
    public const string NoLegalBasis = "no-legal-basis";
    public const string PersonNotFound = "person-not-found";
    public const string CapacityUnavailable = "capacity-unavailable";
    public const string Other = "other";

    // Grounds of refusal of a mutual legal assistance request (UNTOC art. 18(21); CETS 197 art. 26). Added.
    public const string NonPunishment = "non-punishment";
    public const string DualCriminality = "dual-criminality";
    public const string HumanRights = "human-rights";
    public const string OngoingProceedings = "ongoing-proceedings";

    /// <summary>A transfer of proceedings declined: the requested state already gave a final judgment for the same acts (ne bis in idem). Added.</summary>
    public const string NeBisInIdem = "ne-bis-in-idem";

    public static readonly IReadOnlyList<string> All = new[] { OutsideCompetence, InsufficientInformation, NoLegalBasis, PersonNotFound, CapacityUnavailable, Other,
        NonPunishment, DualCriminality, HumanRights, OngoingProceedings, NeBisInIdem };
}

/// <summary>
/// One node asks another for something about a case: identification assistance, continuity of protection, reception
/// of a returning person, reintegration monitoring, compensation, witness relocation, mutual legal assistance.
/// </summary>
/// <param name="RequestId">Chosen by the requesting node; every answer names it.</param>
/// <param name="Purpose">One of <see cref="CrossBorderPurposes"/>.</param>
/// <param name="CaseReference">The requesting node's pseudonymous case id (never a name or document number).</param>
/// <param name="Questions">Codes of what is asked (e.g. <c>nationality-confirmation</c>, <c>reception-shelter</c>); never free text.</param>
/// <param name="Basis"><c>consent</c> or <c>legal-basis</c> (<see cref="TransferBases"/>).</param>
/// <param name="LegalBasis">The recorded legal basis when <c>Basis</c> is <c>legal-basis</c> (a code such as <c>untoc-art-18</c>).</param>
/// <param name="HandlingCode">One of <see cref="HandlingCodes"/>.</param>
/// <param name="RespondBy">The answer is due by then; after it the requesting node raises an overdue alert.</param>
/// <param name="IdentityKeys">Keyed hashes of the identity documents of the persons a judicial request names, each
/// <c>{role}:{keyId}:{hash}</c>: the role in the request (e.g. <c>person-sought</c>), the id of the key the two nodes share,
/// and the lower-case hex HMAC-SHA256 under that key of the normalised document <c>{type}|{issuing country}|{number}</c>.
/// Never a document number. Added in v1 (optional): the requested node recognises a victim it identified (non-punishment).</param>
/// <param name="Attachments">The documents the request refers to, by reference only (<see cref="CrossBorderAttachment"/>); null when none. Added in v1 (optional).</param>
[CrossBorderMessage("request", 1)]
public sealed record CrossBorderRequest(
    Guid RequestId,
    string Purpose,
    string FromJurisdiction,
    string ToJurisdiction,
    Guid CaseReference,
    bool ChildCase,
    IReadOnlyList<string> Questions,
    string Basis,
    string? LegalBasis,
    string HandlingCode,
    DateTimeOffset RespondBy,
    DateTimeOffset RequestedAt,
    IReadOnlyList<string>? IdentityKeys = null,
    IReadOnlyList<CrossBorderAttachment>? Attachments = null);

/// <summary>
/// Evidence of delivery, signed by the node that received the message: it received (and verified) the message whose
/// id and SHA-256 body digest it names, or its focal point acknowledged the request.
/// </summary>
/// <param name="Evidence">One of <see cref="DeliveryEvidenceKinds"/>.</param>
/// <param name="MessageId">The AMQP message id of the message this evidence is about.</param>
/// <param name="MessageDigest">Lower-case hex SHA-256 of that message's body as received.</param>
[CrossBorderMessage("delivery-evidence", 1)]
public sealed record CrossBorderDeliveryEvidence(
    Guid EvidenceId,
    Guid RequestId,
    Guid MessageId,
    string MessageDigest,
    string Evidence,
    string ByJurisdiction,
    DateTimeOffset At);

/// <summary>The receiving node accepted the request and will act on it.</summary>
[CrossBorderMessage("accepted", 1)]
public sealed record CrossBorderAccepted(Guid RequestId, string ByJurisdiction, DateTimeOffset AcceptedAt);

/// <summary>The receiving node declined the request; <c>ReasonCode</c> is one of <see cref="DeclineReasons"/> (the why stays in its audit trail).</summary>
[CrossBorderMessage("declined", 1)]
public sealed record CrossBorderDeclined(Guid RequestId, string ByJurisdiction, string ReasonCode, DateTimeOffset DeclinedAt);

/// <summary>What came of an accepted request (a code, e.g. <c>identity-confirmed</c>, <c>reception-arranged</c>, <c>compensation-paid</c>).</summary>
/// <param name="Details">Codes qualifying the outcome, e.g. for <c>reception-arranged</c>: <c>met-by:&lt;organisation code&gt;</c>, <c>shelter-on-arrival</c>, <c>onward-transport</c>. Added in v1 (optional).</param>
[CrossBorderMessage("outcome", 1)]
public sealed record CrossBorderOutcome(Guid RequestId, string ByJurisdiction, string Outcome, DateTimeOffset ConcludedAt, IReadOnlyList<string>? Details = null);

/// <summary>A change on an open request, from either side (a code, e.g. <c>arrival-confirmed</c>, <c>monitoring-contact-held</c>); <c>Sequence</c> orders updates that the bus may reorder.</summary>
/// <param name="Details">Codes qualifying the update, e.g. for <c>compensation-paid</c>: <c>amount:&lt;decimal&gt;</c>, <c>currency:&lt;ISO 4217&gt;</c>, <c>payment:&lt;opaque key&gt;</c>. Added in v1 (optional).</param>
[CrossBorderMessage("update", 1)]
public sealed record CrossBorderUpdate(Guid RequestId, string ByJurisdiction, int Sequence, string Update, DateTimeOffset At, IReadOnlyList<string>? Details = null);
