using FromIdentification = TransnationalReferral.Contracts.Identification;
using Contract = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.JudicialCooperation.Integration;

/// <summary>
/// Non-punishment across nodes without identities in clear (CETS 197 art. 26; Directive 2011/36/EU art. 8). Each pair of
/// nodes shares a key (<see cref="BilateralIdentityKeys"/>); Identification, which holds the vault and that key, computes
/// and compares keyed hashes of identity documents; this service carries them across the border and holds the request.
/// <list type="bullet">
/// <item>Requesting node: a judicial request to a partner with a key in use waits for Identification's keyed hashes of the
/// persons it names (<see cref="FromIdentification.IdentityKeysComputed"/>) and crosses with them
/// (<see cref="IdentityKeysCrossingBorder"/>).</item>
/// <item>Requested node: the hashes of the persons it prosecutes or seeks are sent to Identification
/// (<see cref="IdentityMatchRequested"/>); until it answers the request cannot be executed; a match flags the victim's case
/// for a non-punishment review (<see cref="RecordingIdentityMatch"/>, <see cref="IdentityMatchAnsweredConsumer"/>).</item>
/// </list>
/// </summary>
public static class IdentityMatching
{
    /// <summary>The keyed hashes a partner's request carried, with the role of each person; a malformed one rejects the message.</summary>
    public static IReadOnlyList<RegisteringIncomingRequest.IdentityKey> KeysOf(CrossBorderRequest request) =>
        (request.IdentityKeys ?? []).Select(code => IdentityKeys.TryParse(code, out var role, out var keyId, out var hash) && Codes.TryParse<PersonRole>(role, out var parsed)
            ? new RegisteringIncomingRequest.IdentityKey(parsed, IdentityKeys.Code(keyId, hash))
            : throw new InvalidMessageException($"Request {request.RequestId} carries an identity key that is not '{{role}}:{{keyId}}:{{64 hex}}' with a known role.")).ToList();

    /// <summary>Every victim's case a decision flagged for a non-punishment review shows it to the prosecutors (<see cref="CaseFile.NonPunishmentFlags"/>).</summary>
    public static async Task FlagCaseFilesAsync(IDocumentSession session, IEnumerable<object> events, string counterpart, CancellationToken ct)
    {
        foreach (var flagged in events.OfType<NonPunishmentReviewRequired>())
        {
            var file = await session.Events.FetchForWriting<CaseFile>(flagged.CaseId, ct);
            if (file.Aggregate is null) throw new InvalidOperationException($"Judicial file {flagged.CaseId} is not open yet; retried.");
            file.AppendOne(new NonPunishmentFlagRaised(flagged.CaseId, flagged.RequestId, counterpart, flagged.FlaggedAt));
        }
    }
}

/// <summary>
/// Requesting node: Identification computed the keyed hashes of the persons a judicial request names: the request, as it was
/// sent on the node's bus, crosses the border with them (<see cref="CrossBorderRequest.IdentityKeys"/>), through the same
/// gates and on the same legal basis as any (<see cref="MutualLegalAssistanceCrossingBorder"/>).
/// </summary>
public sealed class IdentityKeysCrossingBorder(IDocumentStore store, ServiceIdentity node, CrossBorderSender sender, PartnerKeys partners, TimeProvider clock,
    ILogger<IdentityKeysCrossingBorder> logger) : IdempotentConsumer<FromIdentification.IdentityKeysComputed>(store, node, clock, logger)
{
    private readonly string _jurisdiction = node.Jurisdiction;
    private readonly ILogger _logger = logger;

    protected override async Task HandleAsync(FromIdentification.IdentityKeysComputed m, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        if (m.Keys.Any(k => !IdentityKeys.TryParse(k, out _, out _, out _)))
            throw new InvalidMessageException($"IdentityKeysComputed for request {m.RequestId} carries a key that is not '{{role}}:{{keyId}}:{{64 hex}}'.");
        var sent = (await session.Events.FetchStreamAsync(m.RequestId, token: ct)).LastOrDefault(e => e.Data is RequestSent);
        if (sent is null || new Outgoing().ToIntegrationEvent(sent) is not Contract.JudicialRequestSent request || request.ToJurisdiction != m.PartnerJurisdiction)
        {
            _logger.LogInformation("IdentityKeysComputed {RequestId} names no request this node sent to {Partner}; ignored", m.RequestId, m.PartnerJurisdiction);
            return;
        }
        await MutualLegalAssistanceCrossingBorder.CrossAsync(request, m.Keys, _jurisdiction, sender, partners, session, ct);
    }
}

/// <summary>Requested node: Identification's answer to the match of a partner's request (case ids only), recorded on the request and on each victim's case file.</summary>
public sealed class IdentityMatchAnsweredConsumer(IDocumentStore store, ServiceIdentity node, TimeProvider clock, ILogger<IdentityMatchAnsweredConsumer> logger)
    : IdempotentConsumer<FromIdentification.IdentityMatchAnswered>(store, node, clock, logger)
{
    private readonly ILogger _logger = logger;

    protected override async Task HandleAsync(FromIdentification.IdentityMatchAnswered m, IDocumentSession session, DecisionContext context, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<JudicialRequest>(m.RequestId, ct);
        if (stream.Aggregate is not { Direction: Direction.Incoming } request)
        {
            _logger.LogInformation("IdentityMatchAnswered {RequestId} answers no incoming request of this node; ignored", m.RequestId);
            return;
        }
        var decision = RecordingIdentityMatch.Decide(request, new(m.VictimCaseIds), context);
        if (decision.Events.Count == 0) return;
        stream.AppendMany(decision.Events);
        session.Record(new DecisionBasis(Cooperating.NonPunishmentSource,
            $"Identification compared the keyed hashes of the persons {request.Counterpart}'s request prosecutes or seeks with the victims recognised here: {(m.VictimCaseIds.Count == 0 ? "none is" : $"{m.VictimCaseIds.Count} is")} a recognised victim."));
        await IdentityMatching.FlagCaseFilesAsync(session, decision.Events, request.Counterpart, ct);
    }
}
