namespace TransnationalReferral.JudicialCooperation.Cases;

/// <summary>
/// Information transmitted to another state's competent authorities without a prior request (UNTOC art. 18(4); police
/// information, art. 27): one way, about the case by its id, with the category of information and its handling code and
/// the legal basis — codes, never the content. It needs a legal basis and a handling code that may cross (never
/// <c>national-only</c>), and never goes to a country the person claims international protection from. It crosses signed to
/// a partner node; the receiving focal point's acknowledgement comes back and is recorded here.
/// </summary>
public static class TransmittingSpontaneousInformation
{
    public const string LegalSource = "UNTOC art. 18(4) (spontaneous transmission of information) and art. 27 (law enforcement cooperation)";

    /// <summary>The handling codes spontaneous information may carry: it leaves the node.</summary>
    public static readonly IReadOnlyList<string> HandlingCodesThatCross = [HandlingCodes.PurposeOnly, HandlingCodes.NoOnwardSharing];

    [Reasons("why the information is transmitted (stays here; only codes cross).")]
    public sealed record Transmit(string ToJurisdiction, string Category, string HandlingCode, string LegalBasis, string Reasons)
    {
        [JsonIgnore] public Guid InformationId { get; init; }
    }

    public sealed record InformationTransmitted(Guid CaseId, Guid InformationId, long Version);

    public static Decision Decide(CaseFile state, Transmit command, DecisionContext context) =>
        command.ToJurisdiction == state.Jurisdiction ? new Refusal("request-to-another-state", "Information is transmitted to another state's authority.")
        : string.IsNullOrWhiteSpace(command.LegalBasis)
            ? new Refusal("spontaneous-information-needs-legal-basis", "Information transmitted without a request needs its legal basis recorded (a code, e.g. untoc-art-18-4).", LegalSource)
        : !HandlingCodesThatCross.Contains(command.HandlingCode)
            ? new Refusal("spontaneous-information-handling-code",
                $"Information transmitted to another state carries a handling code that may cross ({string.Join(", ", HandlingCodesThatCross)}), not '{command.HandlingCode}'.", "Handling code of the originating authority; " + LegalSource)
        : Cooperating.NeverToCountryOfClaimedProtection(command.ToJurisdiction, state.ProtectionClaimedFrom) is { } claimed ? claimed
        : Decision.Accept(new SpontaneousInformationTransmitted(state.Id, command.InformationId, state.Jurisdiction, command.ToJurisdiction, command.Category, command.HandlingCode,
            command.LegalBasis, context.Now));

    /// <summary>The receiving state's signed acknowledgement, recorded once.</summary>
    public static Decision Acknowledged(CaseFile state, Guid informationId, string by, DateTimeOffset at, DecisionContext context) =>
        (state.InformationTransmitted ?? []).FirstOrDefault(i => i.InformationId == informationId) is not { } sent ? Decision.NothingToDo
        : sent.ToJurisdiction != by ? new Refusal("answer-unexpected", $"Information {informationId} was not transmitted to {by}.")
        : sent.AcknowledgedAt is not null ? Decision.NothingToDo
        : Decision.Accept(new SpontaneousInformationAcknowledged(state.Id, informationId, by, at, context.Now));

    public static RouteGroupBuilder MapTransmittingSpontaneousInformation(this RouteGroupBuilder cases)
    {
        cases.MapDecision("/{caseId:guid}/spontaneous-information", async (Guid caseId, Transmit command, HttpContext http, IDocumentSession session, CancellationToken ct) =>
            {
                if (!Jurisdictions.IsValid(command.ToJurisdiction)) return Problems.Invalid("toJurisdiction", "an ISO 3166-1 alpha-2 code.");
                if (!OrganisationCodes.IsValid(command.Category)) return Problems.Invalid("category", "the category of information, a code (never content).");
                if (command.LegalBasis is { Length: > 0 } basis && !OrganisationCodes.IsValid(basis)) return Problems.Invalid("legalBasis", "a code (e.g. untoc-art-18-4).");
                var transmit = command with { InformationId = Guid.CreateVersion7() };
                return await session.DecideAsync<CaseFile>(caseId, http, (s, c) => Decide(s, transmit, c), new DecisionBasis(LegalSource, command.Reasons), ct,
                    creates: new Creates($"/api/judicial/cases/{caseId}/spontaneous-information/{transmit.InformationId}", version => new InformationTransmitted(caseId, transmit.InformationId, version)));
            },
            Permissions.HandleJudicialRequests, "TransmitSpontaneousInformation",
            "Transmit information to another state without a prior request (category and handling codes, legal basis; never the content): signed to a partner node, acknowledged there. 201: Location is the transmission.")
            .Produces<InformationTransmitted>(StatusCodes.Status201Created);
        cases.MapCaseItem<CaseFile, SentInformation>("spontaneous-information", (state, id) => state.InformationTransmitted?.FirstOrDefault(i => i.InformationId == id),
            "spontaneous transmission", "GetSpontaneousInformation");
        return cases;
    }
}
