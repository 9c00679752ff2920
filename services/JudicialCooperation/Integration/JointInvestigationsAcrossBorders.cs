using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Integration;

/// <summary>
/// The updates a joint investigation team's request carries across the exchange, from either side (UNTOC art. 19): the
/// team established (<c>jit-established</c>; details <c>member:&lt;ISO&gt;</c>, <c>organisation:&lt;code&gt;</c>) and an
/// entry of its information-sharing log (<c>jit-information-shared</c>; details <c>entry:&lt;id&gt;</c>,
/// <c>from:&lt;member&gt;</c>, <c>to:&lt;member&gt;</c>, <c>category:&lt;code&gt;</c>, <c>handling:&lt;code&gt;</c>,
/// <c>shared-at:&lt;instant&gt;</c>). Codes only, never the content shared.
/// </summary>
public static class JointInvestigationUpdates
{
    public const string Established = "jit-established";
    public const string InformationShared = "jit-information-shared";

    internal static string Instant(DateTimeOffset at) => $"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}";

    internal static async Task<IReadOnlyCollection<string>> ProtectionClaimedFromAsync(IDocumentSession session, Guid requestId, CancellationToken ct) =>
        await session.ProtectionClaimedFromAsync((await session.LoadAsync<JudicialRequest>(requestId, ct))?.Persons.Select(p => p.CaseId) ?? [], ct);
}

/// <summary>The team established here (not one recorded from the partner's update) crosses to the other state's node.</summary>
public sealed class JitMembershipCrossingBorder(CrossBorderServices exchange) : UpdateCrossingBorder<Contract.JointInvestigationTeamEstablished>(exchange)
{
    protected override (Guid, string?) Keys(Contract.JointInvestigationTeamEstablished m) => (m.RequestId, m.RecordedIn);

    protected override CrossBorderUpdate Update(Contract.JointInvestigationTeamEstablished m) =>
        new(m.RequestId, Jurisdiction, 3, JointInvestigationUpdates.Established, m.EstablishedAt,
            [.. m.MemberJurisdictions.Select(j => $"member:{j}"), .. (m.MemberOrganisations ?? []).Select(o => $"organisation:{o}")]);

    protected override Task<IReadOnlyCollection<string>> ProtectionClaimedFromAsync(Guid requestId, IDocumentSession session, CancellationToken ct) =>
        JointInvestigationUpdates.ProtectionClaimedFromAsync(session, requestId, ct);
}

/// <summary>An entry of the team's sharing log recorded here (not one recorded from the partner's update) crosses to the other state's node.</summary>
public sealed class JitSharingCrossingBorder(CrossBorderServices exchange) : UpdateCrossingBorder<Contract.JointInvestigationInformationShared>(exchange)
{
    protected override (Guid, string?) Keys(Contract.JointInvestigationInformationShared m) => (m.RequestId, m.RecordedIn);

    protected override CrossBorderUpdate Update(Contract.JointInvestigationInformationShared m) =>
        new(m.RequestId, Jurisdiction, 4, JointInvestigationUpdates.InformationShared, m.SharedAt,
            [$"entry:{m.EntryId:D}", $"from:{m.FromMember}", $"to:{m.ToMember}", $"category:{m.Category}", $"handling:{m.HandlingCode}", $"shared-at:{JointInvestigationUpdates.Instant(m.SharedAt)}"]);

    protected override Task<IReadOnlyCollection<string>> ProtectionClaimedFromAsync(Guid requestId, IDocumentSession session, CancellationToken ct) =>
        JointInvestigationUpdates.ProtectionClaimedFromAsync(session, requestId, ct);
}

/// <summary>
/// The other state's node's updates on a joint investigation team request — on the request this node sent it, or on the one
/// it sent this node — recorded on the request here once, by the rules of the decision itself
/// (<see cref="EstablishingJointInvestigationTeam.Joined"/>, <see cref="SharingJitInformation.Received"/>), with the message in the audit reasons.
/// </summary>
public sealed class JointInvestigationFromPartners(CrossBorderServices exchange) : AnswersFromPartners<JudicialRequest>(exchange)
{
    protected override IReadOnlyCollection<string> Purposes { get; } = [CrossBorderPurposes.JointInvestigation];

    protected override Guid RequestOf(object message) =>
        message is CrossBorderUpdate { Update: JointInvestigationUpdates.Established or JointInvestigationUpdates.InformationShared } u ? u.RequestId : Guid.Empty;

    protected override bool FromEitherSide(object message) => true;

    protected override Guid StreamOf(CrossBorderRequest request) => request.RequestId;

    protected override string LegalBasis(CrossBorderRequest request) => EstablishingJointInvestigationTeam.LegalSource;

    protected override Task<PartnerAnswer?> DecideAsync(JudicialRequest state, CrossBorderRequest request, ReceivedCrossBorderMessage message, DecisionContext context,
        IDocumentSession session, CancellationToken ct)
    {
        var update = (CrossBorderUpdate)message.Message;
        var from = message.Envelope.From;
        var (decision, what) = update.Update switch
        {
            JointInvestigationUpdates.Established => (EstablishingJointInvestigationTeam.Joined(state, Prefixed(update, "member"), Prefixed(update, "organisation"), from, context),
                $"The joint investigation team established by {from}"),
            _ => (SharingJitInformation.Received(state, Sharing(update), from, context), $"Information sharing in the joint investigation team logged by {from}"),
        };
        return Task.FromResult<PartnerAnswer?>(new(decision,
            $"{what}, received from {from}'s node over the cross-border exchange (message {message.Envelope.MessageId}, signature verified) for request {request.RequestId}."));
    }

    private static IReadOnlyList<string> Prefixed(CrossBorderUpdate update, string name) =>
        [.. (update.Details ?? []).Where(d => d.StartsWith(name + ":", StringComparison.Ordinal)).Select(d => d[(name.Length + 1)..])];

    private static SharingJitInformation.RecordSharing Sharing(CrossBorderUpdate u)
    {
        string Detail(string name) => MutualLegalAssistanceAnswersFromPartners.Detail(u, name);
        return Guid.TryParse(Detail("entry"), out var entry) && DateTimeOffset.TryParse(Detail("shared-at"), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? new SharingJitInformation.RecordSharing(Detail("from"), Detail("to"), Detail("category"), Detail("handling"), at) { EntryId = entry }
            : throw new InvalidMessageException($"The sharing entry on request {u.RequestId} has no entry id or time ({string.Join(", ", u.Details ?? [])}).");
    }
}
