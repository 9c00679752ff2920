using Marten;
using Npgsql;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.Identification.Tests;

/// <summary>
/// The hash chain over each case stream, tampered with directly in PostgreSQL: an edited payload, edited metadata,
/// a deleted event and two reordered events are each detected and located; an erasure leaves the chain whole.
/// </summary>
public class TamperEvidenceTests : IdentificationApiFixture
{
    private static Task<string> Decide(HttpClient client, HttpMethod method, string path, object body, string etag, HttpStatusCode expected = HttpStatusCode.OK) => client.DecideAtAsync(path, body, etag, method, expected);

    /// <summary>A case with four events: opened, informed of rights, personal data recorded, consent recorded.</summary>
    private async Task<Guid> CaseAsync(HttpClient client)
    {
        var (caseId, etag) = await OpenCaseAsync(client);
        var cases = $"/api/identification/cases/{caseId}";
        etag = await Decide(client, HttpMethod.Post, $"{cases}/information-on-rights", new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "ro" }, etag);
        etag = await Decide(client, HttpMethod.Put, $"{cases}/personal-data", new { names = new[] { "Tamper Test" }, contact = "tamper@example.invalid" }, etag);
        await Decide(client, HttpMethod.Post, $"{cases}/consents", new { kind = "referral-to-services", informedInLanguage = "ro", givenBy = "person" }, etag, HttpStatusCode.Created);
        return caseId;
    }

    private async Task<JsonElement> Verify(HttpClient client, Guid caseId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}/verification");

    private async Task Sql(string sql, Guid caseId, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", caseId);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        Assert.That(await command.ExecuteNonQueryAsync(), Is.GreaterThan(0), sql);
    }

    /// <summary>Verifies a fresh case after <paramref name="sql"/> (<c>@id</c> is the case) altered its stored events.</summary>
    private async Task<JsonElement> VerifiedAfterAsync(string sql)
    {
        using var client = Client();
        var caseId = await CaseAsync(client);
        await Sql(sql, caseId);
        return await Verify(client, caseId);
    }

    private static void AssertBrokenAt(JsonElement verification, long version, string problem)
    {
        Assert.That(verification.GetProperty("intact").GetBoolean(), Is.False, verification.ToString());
        var broken = verification.GetProperty("firstBrokenLink");
        Assert.That(broken.GetProperty("version").GetInt64(), Is.EqualTo(version), verification.ToString());
        Assert.That(broken.GetProperty("problem").GetString(), Does.Contain(problem));
    }

    [Test]
    public async Task An_untouched_case_verifies_and_an_erasure_keeps_the_chain_whole()
    {
        using var client = Client();
        var caseId = await CaseAsync(client);
        var intact = await Verify(client, caseId);
        Assert.That((intact.GetProperty("intact").GetBoolean(), intact.GetProperty("events").GetInt32()), Is.EqualTo((true, 4)));

        var etag = (await client.GetAsync($"/api/identification/cases/{caseId}")).Headers.ETag!.Tag;
        await Decide(client, HttpMethod.Post, $"/api/identification/cases/{caseId}/erasure", new { legalBasis = "GDPR art. 17(1)(a)", reasons = "The person asked" }, etag);
        var afterErasure = await Verify(client, caseId);
        Assert.That((afterErasure.GetProperty("intact").GetBoolean(), afterErasure.GetProperty("events").GetInt32()), Is.EqualTo((true, 5)), afterErasure.ToString());
    }

    [Test]
    public async Task An_edited_payload_is_detected_and_located()
    {
        using var client = Client();
        var untouched = await CaseAsync(client);
        var caseId = await CaseAsync(client);
        await Sql("update identification.mt_events set data = jsonb_set(data, '{language}', '\"nl\"') where stream_id = @id and version = 2", caseId);
        AssertBrokenAt(await Verify(client, caseId), 2, "content or metadata");

        // The whole service, as an auditor of its jurisdiction checks it: the tampered stream is listed, the others are not.
        using var auditor = Client("Auditor");
        var service = await auditor.GetFromJsonAsync<JsonElement>("/api/identification/verification");
        var broken = service.GetProperty("brokenStreams").EnumerateArray().Select(b => b.GetProperty("streamId").GetGuid()).ToList();
        Assert.That(broken, Does.Contain(caseId));
        Assert.That(broken, Does.Not.Contain(untouched));
        Assert.That(service.GetProperty("streams").GetInt32(), Is.GreaterThan(broken.Count), "intact streams are counted, not listed");
        using var foreignAuditor = Client("Auditor", "BE");
        Assert.That((await foreignAuditor.GetAsync("/api/identification/verification")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("update identification.mt_events set headers = jsonb_set(headers, '{actor-id}', '\"someone-else\"') where stream_id = @id and version = 3", 3, "content or metadata", TestName = "Edited_metadata_is_detected_and_located")]
    // The member is not in the event's type: Marten would drop it when deserialising, a hash over the re-serialised object would not see it.
    [TestCase("update identification.mt_events set data = jsonb_set(data, '{extra}', '\"x\"') where stream_id = @id and version = 3", 3, "content or metadata", TestName = "A_member_added_to_an_events_stored_JSON_is_detected_and_located")]
    [TestCase("update identification.mt_events set data = jsonb_set(data, '{nested}', '{\"a\": 1.50}') where stream_id = @id and version = 2", 2, "content or metadata", TestName = "A_number_rewritten_as_stored_differently_or_a_nested_member_added_is_detected_and_located")]
    [TestCase("delete from identification.mt_events where stream_id = @id and version = 2", 3, "version 2 is missing", TestName = "A_deleted_event_is_detected_and_located")]
    [TestCase("update identification.mt_events set timestamp = timestamp - interval '3 days' where stream_id = @id and version = 3", 3, "is not when it was recorded", TestName = "A_moved_timestamp_is_detected_and_located")]
    public async Task An_altered_stored_event_is_detected_and_located(string tampering, long version, string problem) =>
        AssertBrokenAt(await VerifiedAfterAsync(tampering), version, problem);

    [Test]
    public async Task A_changed_added_or_removed_header_is_detected_and_located()
    {
        using var client = Client();
        var changed = await CaseAsync(client);
        await Sql("update identification.mt_events set headers = jsonb_set(headers, '{traceparent}', '\"00-00000000000000000000000000000001-0000000000000001-01\"') where stream_id = @id and version = 2", changed);
        AssertBrokenAt(await Verify(client, changed), 2, "content or metadata");

        var added = await CaseAsync(client);
        await Sql("update identification.mt_events set headers = headers || '{\"note\": \"inserted later\"}' where stream_id = @id and version = 3", added);
        AssertBrokenAt(await Verify(client, added), 3, "content or metadata");

        // Removing the format header makes the event verify under format 1, which it was not hashed under.
        var downgraded = await CaseAsync(client);
        await Sql("update identification.mt_events set headers = headers - 'chain-format' where stream_id = @id and version = 4", downgraded);
        AssertBrokenAt(await Verify(client, downgraded), 4, "content or metadata");

        var correlation = await CaseAsync(client);
        await Sql("update identification.mt_events set correlation_id = 'another-trace' where stream_id = @id and version = 2", correlation);
        AssertBrokenAt(await Verify(client, correlation), 2, "content or metadata");
    }

    [Test]
    public async Task A_stream_of_format_1_events_continued_in_format_2_verifies_and_its_export_verifies_offline()
    {
        using var client = Client();
        var caseId = await CaseAsync(client);
        var store = Services.GetRequiredService<IDocumentStore>();
        // The case's four events as the previous release hashed them: no format header, the re-serialised object and six audit headers.
        await using (var session = store.QuerySession())
        {
            var previous = HashChain.Genesis;
            foreach (var e in await session.Events.FetchStreamAsync(caseId))
            {
                var hash = HashChain.Compute(previous, e.Data.GetType(), store.Options.Serializer().ToJson(e.Data), name => e.Header(name), e.CorrelationId, e.CausationId);
                await Sql("update identification.mt_events set headers = jsonb_set(jsonb_set(headers - 'chain-format', '{hash}', to_jsonb(@hash::text)), '{prev-hash}', to_jsonb(@prev::text)) where stream_id = @id and version = @version",
                    caseId, ("hash", hash), ("prev", previous), ("version", e.Version));
                previous = hash;
            }
        }
        var old = await Verify(client, caseId);
        Assert.That(old.GetProperty("intact").GetBoolean(), Is.True, old.ToString());

        // The release with format 2 continues the stream.
        var etag = (await client.GetAsync($"/api/identification/cases/{caseId}")).Headers.ETag!.Tag;
        await Decide(client, HttpMethod.Post, $"/api/identification/cases/{caseId}/consents", new { kind = "referral-to-services", informedInLanguage = "nl", givenBy = "person" }, etag, HttpStatusCode.Created);
        var mixed = await Verify(client, caseId);
        Assert.That((mixed.GetProperty("intact").GetBoolean(), mixed.GetProperty("events").GetInt32()), Is.EqualTo((true, 5)), mixed.ToString());
        await using (var session = store.QuerySession())
        {
            var formats = (await HashChain.ReadStoredAsync(session, caseId, CancellationToken.None)).Values.OrderBy(r => r.Version)
                .Select(r => JsonDocument.Parse(r.Headers!).RootElement.TryGetProperty(HashChain.Format, out var f) ? f.GetString() : null).ToList();
            Assert.That(formats, Is.EqualTo(new[] { null, null, null, null, "2" }));
            var export = await HashChain.ExportAsync(session, "identification", caseId, await session.Events.FetchStreamAsync(caseId), CancellationToken.None);
            Assert.That(HashChain.VerifyExport(export), Is.Null, "the export verifies offline with the same rules");
            var tampered = export with { Events = [.. export.Events.Select(e => e.Version == 5 ? e with { Payload = e.Payload.TrimEnd('}') + ", \"extra\": 1}" } : e)] };
            Assert.That(HashChain.VerifyExport(tampered)?.Version, Is.EqualTo(5), "a member added to the exported stored data breaks it");
        }

        // Tampering with a format-1 event is still detected as before.
        await Sql("update identification.mt_events set headers = jsonb_set(headers, '{actor-id}', '\"someone-else\"') where stream_id = @id and version = 2", caseId);
        AssertBrokenAt(await Verify(client, caseId), 2, "content or metadata");
    }

    [Test]
    public void Canonical_JSON_is_the_same_for_what_is_appended_and_what_jsonb_stores()
    {
        Assert.That(CanonicalJson.Of("{\"b\": 1E+20, \"a\": [1.50, -0.0, 1.5e-7, 12e1, \"x\\u0001\\\"\"]}"),
            Is.EqualTo(CanonicalJson.Of("{\"a\":[1.50,0.0,0.00000015,120,\"x\\u0001\\\"\"],\"b\":100000000000000000000}")));
        Assert.That(CanonicalJson.Of("{\"a\":1}"), Is.Not.EqualTo(CanonicalJson.Of("{\"a\":1,\"extra\":\"x\"}")));
    }

    [Test]
    public async Task Two_reordered_events_are_detected_and_located()
    {
        var verification = await VerifiedAfterAsync("""
            update identification.mt_events set version = -2 where stream_id = @id and version = 2;
            update identification.mt_events set version = 2 where stream_id = @id and version = 3;
            update identification.mt_events set version = 3 where stream_id = @id and version = -2;
            """);
        AssertBrokenAt(verification, 2, "does not follow the previous event");
    }

    [Test]
    public async Task Two_events_with_swapped_sequence_numbers_are_detected_and_located()
    {
        var verification = await VerifiedAfterAsync("""
            with s as (select (select seq_id from identification.mt_events where stream_id = @id and version = 2) a,
                              (select seq_id from identification.mt_events where stream_id = @id and version = 3) b)
            update identification.mt_events e set seq_id = case when e.version = 2 then -s.b else -s.a end from s where e.stream_id = @id and e.version in (2, 3);
            update identification.mt_events set seq_id = -seq_id where stream_id = @id and version in (2, 3);
            """);
        AssertBrokenAt(verification, 3, "is not after the previous event's");
    }

    [Test]
    public async Task A_chain_rewritten_after_a_signed_checkpoint_no_longer_matches_it()
    {
        using var client = Client();
        var caseId = await CaseAsync(client);
        var store = Services.GetRequiredService<IDocumentStore>();
        var checkpoint = await Checkpoints.CreateAsync(store, Services.GetRequiredService<CheckpointSigner>(), Services.GetRequiredService<ServiceIdentity>(), DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.That(checkpoint.IsAuthentic(), Is.True);
        var before = await Verify(client, caseId);
        Assert.That(before.GetProperty("checkpoint").GetProperty("matches").GetBoolean(), Is.True, before.ToString());

        // A careful attacker edits event 2 and recomputes every later hash, so that the chain itself verifies again.
        await Sql("update identification.mt_events set data = jsonb_set(data, '{language}', '\"nl\"') where stream_id = @id and version = 2", caseId);
        await using (var session = store.QuerySession())
        {
            var previous = HashChain.Genesis;
            foreach (var row in (await HashChain.ReadStoredAsync(session, caseId, CancellationToken.None)).Values.OrderBy(r => r.Version))
            {
                var headers = System.Text.Json.Nodes.JsonNode.Parse(row.Headers!)!.AsObject();
                headers[HashChain.PreviousHash] = previous;
                var hash = HashChain.ComputeStored(previous, caseId, row with { Headers = headers.ToJsonString() });
                await Sql("update identification.mt_events set headers = jsonb_set(jsonb_set(headers, '{hash}', to_jsonb(@hash::text)), '{prev-hash}', to_jsonb(@prev::text)) where stream_id = @id and version = @version",
                    caseId, ("hash", hash), ("prev", previous), ("version", row.Version));
                previous = hash;
            }
        }

        var after = await Verify(client, caseId);
        Assert.That(after.GetProperty("firstBrokenLink").ValueKind, Is.EqualTo(JsonValueKind.Null), "the rewritten chain is internally consistent…");
        Assert.That(after.GetProperty("checkpoint").GetProperty("matches").GetBoolean(), Is.False, "…but no longer matches the signed head");
        Assert.That(after.GetProperty("intact").GetBoolean(), Is.False);
        var forged = checkpoint with { Heads = [.. checkpoint.Heads.Where(h => h.StreamId != caseId), new StreamHead(caseId, 4, "0000")] };
        Assert.That(forged.IsAuthentic(), Is.False, "and the checkpoint cannot be edited to match without the key");

        // Nor can the attacker sign a fresh checkpoint over the rewritten heads with a key of their own: it is authentic
        // for its key, but the key is not the service's.
        using var impostor = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var heads = (await Verify(client, caseId)).GetProperty("events").GetInt32();
        await using (var session = store.LightweightSession())
        {
            var rewritten = await session.Events.FetchStreamAsync(caseId);
            var at = DateTimeOffset.UtcNow.AddSeconds(1);
            var newHeads = new[] { new StreamHead(caseId, rewritten[^1].Version, rewritten[^1].Header(HashChain.Hash)!) };
            var digest = Checkpoint.DigestOf("identification", "NL", at, newHeads);
            var signature = Convert.ToBase64String(impostor.SignData(System.Text.Encoding.UTF8.GetBytes(digest), System.Security.Cryptography.HashAlgorithmName.SHA256));
            session.Store(new Checkpoint(Guid.CreateVersion7(), "identification", "NL", at, newHeads, digest, signature, Convert.ToBase64String(impostor.ExportSubjectPublicKeyInfo())));
            await session.SaveChangesAsync();
        }
        var impostorChecked = await Verify(client, caseId);
        Assert.That(heads, Is.EqualTo(4));
        Assert.That(impostorChecked.GetProperty("checkpoint").GetProperty("authentic").GetBoolean(), Is.True, impostorChecked.ToString());
        Assert.That(impostorChecked.GetProperty("checkpoint").GetProperty("matches").GetBoolean(), Is.True);
        Assert.That(impostorChecked.GetProperty("checkpoint").GetProperty("ownKey").GetBoolean(), Is.False, "signed by a key that is not the service's");
        Assert.That(impostorChecked.GetProperty("intact").GetBoolean(), Is.False);
    }

    [Test]
    public void Every_stream_head_is_proven_by_its_Merkle_audit_path_and_no_other_position_or_head_is()
    {
        for (var size = 1; size <= 33; size++)
        {
            var leaves = Enumerable.Range(0, size).Select(i => new StreamHead(Guid.NewGuid(), i + 1, $"{i:x64}").Leaf()).ToList();
            var root = MerkleTree.Root(leaves);
            for (var index = 0; index < size; index++)
            {
                var path = MerkleTree.Path(leaves, index);
                Assert.That(MerkleTree.RootFromPath(leaves[index], index, size, path), Is.EqualTo(root), $"leaf {index} of {size}");
                if (size > 1)
                {
                    Assert.That(MerkleTree.RootFromPath(leaves[index], (index + 1) % size, size, path), Is.Not.EqualTo(root), $"leaf {index} of {size} at another position");
                    Assert.That(MerkleTree.RootFromPath(leaves[(index + 1) % size], index, size, path), Is.Not.EqualTo(root), $"another leaf at {index} of {size}");
                }
            }
        }
    }
}
