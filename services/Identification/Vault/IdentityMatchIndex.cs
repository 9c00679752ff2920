namespace TransnationalReferral.Identification.Vault;

/// <summary>
/// One keyed hash of one of a person's identity documents under a bilateral key (<c>{partner}:{keyId}:{hash}</c> in
/// <see cref="Key"/>). A Marten document of the match index, never an event: it is rewritten when the person's data is
/// written and deleted with the vault record when the data is erased.
/// </summary>
public sealed record IdentityMatchKey(string Id, Guid VictimId, string Key);

/// <summary>Which bilateral keys (<c>{partner}:{keyId}</c>) a person's entries in the match index were computed under.</summary>
public sealed record IdentityMatchIndexed(Guid Id, IReadOnlyList<string> KeyIds, DateTimeOffset IndexedAt);

/// <summary>
/// The match index: for each person with identity documents in the vault, the keyed hashes of those documents under every
/// bilateral key configured (<see cref="BilateralIdentityKeys"/>), so that a partner's keyed hashes can be compared without
/// decrypting the vault for every request. A key added later (rotation, a new partner) is indexed when first asked for.
/// Hashes of documents without a valid issuing country are not computed (<see cref="IdentityKeys.Normalise"/>).
/// </summary>
public sealed class IdentityMatchIndex(BilateralIdentityKeys keys, PersonalDataVault vault)
{
    /// <summary>The person's data was written: their entries are computed again under every key configured (in the caller's transaction).</summary>
    public async Task RefreshAsync(IDocumentSession session, Guid victimId, PersonalData data, DateTimeOffset now, CancellationToken ct)
    {
        var under = keys.Partners.SelectMany(p => keys.KeyIds(p).Select(k => (p, k))).ToList();
        if (under.Count > 0 || await session.LoadAsync<IdentityMatchIndexed>(victimId, ct) is not null) await StoreAsync(session, victimId, data, under, now, ct);
    }

    /// <summary>The person's data was erased: their entries go with it (in the caller's transaction).</summary>
    public static void Erase(IDocumentSession session, Guid victimId)
    {
        session.DeleteWhere<IdentityMatchKey>(k => k.VictimId == victimId);
        session.Delete<IdentityMatchIndexed>(victimId);
    }

    /// <summary>The keyed hashes, <c>{keyId}:{hash}</c>, of a person's documents under the key in use with <paramref name="partner"/>.</summary>
    public IReadOnlyList<string> KeysOf(PersonalData data, string partner, string keyId) =>
        Hashes(data, keys.Key(partner, keyId) ?? throw new InvalidOperationException($"CrossBorder:Partners:{partner}:IdentityKeys:{keyId} is not configured: the key in use with {partner} is missing."))
            .Select(h => IdentityKeys.Code(keyId, h)).ToList();

    /// <summary>
    /// The persons among <paramref name="candidates"/> whose documents hash to one of <paramref name="wanted"/>
    /// (<c>{keyId}:{hash}</c> under the key shared with <paramref name="partner"/>). Candidates not yet indexed under that
    /// key are indexed first (from the vault). A key id not configured here is refused: nothing can be compared under it.
    /// </summary>
    public async Task<IReadOnlySet<Guid>> MatchAsync(IDocumentSession session, string partner, IReadOnlyList<string> wanted, IReadOnlyCollection<Guid> candidates, DateTimeOffset now, CancellationToken ct)
    {
        var keyIds = wanted.Select(w => w.Split(':')[0]).Distinct().ToList();
        foreach (var keyId in keyIds)
        {
            if (keys.Key(partner, keyId) is null) throw new InvalidMessageException($"Keyed hashes under key '{keyId}' of {partner}: that key is not configured here (CrossBorder:Partners:{partner}:IdentityKeys:{keyId}).");
            var covered = $"{partner}:{keyId}";
            var indexed = (await session.LoadManyAsync<IdentityMatchIndexed>(ct, candidates)).Where(i => i.KeyIds.Contains(covered)).Select(i => i.Id).ToHashSet();
            foreach (var victimId in candidates.Where(c => !indexed.Contains(c)))
                if (await vault.ReadAsync(session, victimId, ct) is (PersonalDataVault.ReadStatus.Found, { } data, _))
                {
                    var previous = await session.LoadAsync<IdentityMatchIndexed>(victimId, ct);
                    await StoreAsync(session, victimId, data, [.. (previous?.KeyIds ?? []).Select(k => (k.Split(':')[0], k.Split(':')[1])), (partner, keyId)], now, ct);
                }
        }
        await session.SaveChangesAsync(ct);
        var entries = wanted.Select(w => $"{partner}:{w}").ToList();
        var found = await session.Query<IdentityMatchKey>().Where(k => entries.Contains(k.Key)).ToListAsync(ct);
        return found.Select(k => k.VictimId).Where(v => candidates.Contains(v)).ToHashSet();
    }

    private async Task StoreAsync(IDocumentSession session, Guid victimId, PersonalData data, IReadOnlyList<(string Partner, string KeyId)> under, DateTimeOffset now, CancellationToken ct)
    {
        var entries = new List<IdentityMatchKey>();
        var covered = new List<string>();
        foreach (var (partner, keyId) in under.Distinct())
        {
            if (keys.Key(partner, keyId) is not { } key) continue;
            covered.Add($"{partner}:{keyId}");
            entries.AddRange(Hashes(data, key).Distinct().Select(hash => new IdentityMatchKey($"{partner}:{keyId}:{hash}:{victimId:N}", victimId, $"{partner}:{keyId}:{hash}")));
        }
        // What the person's documents no longer hash to goes; the rest is written (by id: no delete and insert of the same row).
        foreach (var stale in (await session.Query<IdentityMatchKey>().Where(k => k.VictimId == victimId).ToListAsync(ct)).Where(k => entries.All(e => e.Id != k.Id)))
            session.Delete(stale);
        foreach (var entry in entries) session.Store(entry);
        session.Store(new IdentityMatchIndexed(victimId, covered, now));
    }

    private static IEnumerable<string> Hashes(PersonalData data, byte[] key) =>
        (data.IdentityDocuments ?? []).Select(d => IdentityKeys.Normalise(d.Type, d.IssuingCountry, d.Number)).OfType<string>().Select(n => IdentityKeys.Hash(key, n));
}
