using MassTransit;
using System.Security.Cryptography;
using System.Text;
using TransnationalReferral.Identification.Vault;
using Contract = TransnationalReferral.Contracts.Identification;
using Judicial = TransnationalReferral.Contracts.JudicialCooperation;

namespace TransnationalReferral.Identification.Integration;

/// <summary>
/// Non-punishment across nodes (CETS 197 art. 26; Directive 2011/36/EU art. 8): Identification holds the vault and the
/// bilateral identity keys, so it computes and compares the keyed hashes of identity documents for JudicialCooperation.
/// Both consumers only read (the match index aside) and answer on the bus with ids, codes and keyed hashes — never a
/// document number; the answer's message id derives from the question's, so a redelivered question is answered once.
/// </summary>
public abstract class IdentityMatchingConsumer<T>(IDocumentStore store, BilateralIdentityKeys keys, ServiceIdentity node, TimeProvider clock) : IConsumer<T> where T : class
{
    protected BilateralIdentityKeys Keys => keys;
    protected ServiceIdentity Node => node;
    protected TimeProvider Clock => clock;

    /// <summary>The answer to publish, or none.</summary>
    protected abstract Task<object?> AnswerAsync(T message, IDocumentSession session, CancellationToken ct);

    public async Task Consume(ConsumeContext<T> context)
    {
        await using var session = store.LightweightSession();
        if (await AnswerAsync(context.Message, session, context.CancellationToken) is not { } answer) return;
        var id = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{GetType().Name}/{context.MessageId:N}"))[..16]);
        await context.Publish(answer, answer.GetType(), p =>
        {
            p.MessageId = id;
            p.CorrelationId = context.CorrelationId;
        });
    }
}

/// <summary>
/// Requesting node: a judicial request this node sent to a partner with which identities are matched
/// (<c>CrossBorder:Partners:{ISO}:IdentityKeyId</c>) — the keyed hashes of the identity documents the vault holds for each
/// person it names, with the person's role (<see cref="Contract.IdentityKeysComputed"/>; JudicialCooperation then sends
/// the request across with them). A person without documents (or not a case of this node) adds none.
/// </summary>
public sealed class IdentityKeysForJudicialRequest(IDocumentStore store, BilateralIdentityKeys keys, IdentityMatchIndex index, PersonalDataVault vault, ServiceIdentity node, TimeProvider clock)
    : IdentityMatchingConsumer<Judicial.JudicialRequestSent>(store, keys, node, clock)
{
    protected override async Task<object?> AnswerAsync(Judicial.JudicialRequestSent m, IDocumentSession session, CancellationToken ct)
    {
        if (m.FromJurisdiction != Node.Jurisdiction || m.ToJurisdiction == Node.Jurisdiction || Keys.CurrentKeyId(m.ToJurisdiction) is not { } keyId) return null;
        var computed = new List<string>();
        foreach (var person in m.Persons.DistinctBy(p => (p.CaseId, p.Role)))
        {
            if (await session.LoadAsync<IdentificationCase>(person.CaseId, ct) is not { } identified) continue;
            if (await vault.ReadAsync(session, identified.VictimId, ct) is not (PersonalDataVault.ReadStatus.Found, { } data, _)) continue;
            computed.AddRange(index.KeysOf(data, m.ToJurisdiction, keyId).Select(k => $"{person.Role}:{k}"));
        }
        return new Contract.IdentityKeysComputed(m.RequestId, m.ToJurisdiction, computed.Distinct().ToList(), Clock.GetUtcNow());
    }
}

/// <summary>
/// Requested node: which of a partner's keyed hashes belong to a person this node recognised as a victim (a case on
/// reasonable grounds or identified), compared in the match index — answered with those cases' ids only
/// (<see cref="Contract.IdentityMatchAnswered"/>). Hashes under a key this node does not hold go to the error queue (the
/// request stays held: nothing could be compared).
/// </summary>
public sealed class IdentityMatchForJudicialRequest(IDocumentStore store, BilateralIdentityKeys keys, IdentityMatchIndex index, ServiceIdentity node, TimeProvider clock)
    : IdentityMatchingConsumer<Judicial.IdentityMatchRequested>(store, keys, node, clock)
{
    protected override async Task<object?> AnswerAsync(Judicial.IdentityMatchRequested m, IDocumentSession session, CancellationToken ct)
    {
        if (!Jurisdictions.IsValid(m.PartnerJurisdiction) || m.Keys.Any(k => !IdentityKeys.TryParse($"x:{k}", out _, out _, out _)))
            throw new InvalidMessageException("IdentityMatchRequested needs a partner's ISO code and keyed hashes '{keyId}:{64 hex}'.");
        var recognised = await session.Query<IdentificationCase>().Where(c => c.Stage == CaseStage.PresumedVictim || c.Stage == CaseStage.Identified).ToListAsync(ct);
        var matched = m.Keys.Count == 0 ? new HashSet<Guid>()
            : await index.MatchAsync(session, m.PartnerJurisdiction, m.Keys, recognised.Select(c => c.VictimId).Distinct().ToList(), Clock.GetUtcNow(), ct);
        return new Contract.IdentityMatchAnswered(m.RequestId, m.PartnerJurisdiction, recognised.Where(c => matched.Contains(c.VictimId)).Select(c => c.Id).ToList(), Clock.GetUtcNow());
    }
}
