using Npgsql;

namespace TransnationalReferral.Identification.Tests;

/// <summary>The personal-data vault, purpose-bound reads, the access log and erasure, through HTTP on real PostgreSQL.</summary>
public class VaultApiTests : IdentificationApiFixture
{
    private static readonly object Person = new
    {
        names = new[] { "Ana Ionescu" },
        dateOfBirth = "2002-04-05",
        nationality = "RO",
        languages = new[] { "ro" },
        identityDocuments = new[] { new { type = "passport", number = "RO7781234" } },
    };

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object body, string etag) => client.SendWithIfMatchAsync(method, path, body, etag);

    private async Task<(Guid CaseId, string ETag)> CaseWithPersonalDataAsync(HttpClient client)
    {
        var (caseId, etag) = await OpenCaseAsync(client);
        var put = await Send(client, HttpMethod.Put, $"/api/identification/cases/{caseId}/personal-data", Person, etag);
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        return (caseId, put.Headers.ETag!.Tag);
    }

    [Test]
    public async Task Personal_data_is_read_back_only_with_a_stated_purpose()
    {
        using var client = Client();
        var (caseId, _) = await CaseWithPersonalDataAsync(client);

        var withoutPurpose = await client.GetAsync($"/api/identification/cases/{caseId}/personal-data");
        Assert.That(withoutPurpose.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await withoutPurpose.Content.ReadAsStringAsync(), Does.Contain("purpose"));

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}/personal-data?purpose=identification");
        Assert.That(read.GetProperty("names")[0].GetString(), Is.EqualTo("Ana Ionescu"));
        Assert.That(read.GetProperty("identityDocuments")[0].GetProperty("number").GetString(), Is.EqualTo("RO7781234"));

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}/history?purpose=audit");
        var recorded = history.EnumerateArray().Single(e => e.GetProperty("decision").GetString() == "personal_data_recorded");
        Assert.That(recorded.GetProperty("data").ToString(), Does.Not.Contain("Ana").And.Not.Contain("RO7781234"));
        Assert.That(recorded.GetProperty("data").GetProperty("fields").EnumerateArray().Select(f => f.GetString()), Does.Contain("names"));
    }

    [Test]
    public async Task A_vault_record_replaced_behind_the_service_is_detected_by_the_digest_its_history_recorded()
    {
        using var client = Client();
        var (caseId, etag) = await CaseWithPersonalDataAsync(client);
        var victimId = (await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}")).GetProperty("victimId").GetGuid();
        async Task<string> StoredRecord()
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var select = new NpgsqlCommand("select data::text from identification.mt_doc_vaultrecord where id = @id", connection);
            select.Parameters.AddWithValue("id", victimId);
            return (string)(await select.ExecuteScalarAsync())!;
        }
        var first = await StoredRecord();
        var corrected = await Send(client, HttpMethod.Put, $"/api/identification/cases/{caseId}/personal-data", new { names = new[] { "Ana Ionescu-Marin" }, nationality = "RO" }, etag);
        Assert.That(corrected.StatusCode, Is.EqualTo(HttpStatusCode.OK), await corrected.Content.ReadAsStringAsync());

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}/history?purpose=audit");
        var digests = history.EnumerateArray().Where(e => e.GetProperty("decision").GetString() == "personal_data_recorded").Select(e => e.GetProperty("data").GetProperty("sealed").GetString()).ToList();
        Assert.That(digests, Has.Count.EqualTo(2).And.All.Match("^[0-9a-f]{64}$"), "each write records the digest of what it stored");
        Assert.That((await client.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}/personal-data?purpose=identification")).GetProperty("names")[0].GetString(), Is.EqualTo("Ana Ionescu-Marin"));

        // Someone with database access restores the earlier record (a valid ciphertext under the person's own key).
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var restore = new NpgsqlCommand("update identification.mt_doc_vaultrecord set data = @data::jsonb where id = @id", connection);
            restore.Parameters.AddWithValue("data", first);
            restore.Parameters.AddWithValue("id", victimId);
            Assert.That(await restore.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }
        var read = await client.GetAsync($"/api/identification/cases/{caseId}/personal-data?purpose=identification");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("vault-record-altered"));
        Assert.That(problem.ToString(), Does.Not.Contain("Ana"), "nothing of the data is shown");
    }

    [Test]
    public async Task Every_read_of_personal_data_or_history_has_exactly_one_access_log_entry()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress }.Authorize("CaseWorker", "NL", "nl-focal-point", "reader-7");
        var (caseId, _) = await CaseWithPersonalDataAsync(client);

        var reads = 0;
        foreach (var (path, purpose) in new[] { ("personal-data", "identification"), ("history", "audit"), ("personal-data", "assistance"), ("personal-data", "victim-request"), ("history", "criminal-proceedings") })
        {
            var response = await client.GetAsync($"/api/identification/cases/{caseId}/{path}?purpose={purpose}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            reads++;
        }
        // Refused reads (no purpose, unknown purpose) hand out nothing and log nothing.
        Assert.That((await client.GetAsync($"/api/identification/cases/{caseId}/personal-data?purpose=curiosity")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        using var auditor = Client("Auditor");
        var entries = (await auditor.GetFromJsonAsync<JsonElement>($"/api/identification/access-log?caseId={caseId}")).EnumerateArray().ToList();
        Assert.That(entries.Count(e => e.GetProperty("what").GetString()!.StartsWith("personal data written")), Is.EqualTo(1), "the write is logged too, once");
        var log = entries.Where(e => !e.GetProperty("what").GetString()!.StartsWith("personal data written")).ToList();
        Assert.That(log, Has.Count.EqualTo(reads), "reads == access-log entries");
        var first = log[0];
        Assert.That(first.GetProperty("actorId").GetString(), Is.EqualTo("reader-7"));
        Assert.That(first.GetProperty("actorRole").GetString(), Is.EqualTo("CaseWorker"));
        Assert.That(first.GetProperty("purpose").GetString(), Is.EqualTo("identification"));
        Assert.That(first.GetProperty("what").GetString(), Is.EqualTo("personal data"));

        var byUser = await auditor.GetFromJsonAsync<JsonElement>("/api/identification/access-log?actorId=reader-7");
        Assert.That(byUser.GetArrayLength(), Is.GreaterThanOrEqualTo(reads));
        Assert.That((await client.GetAsync($"/api/identification/access-log?caseId={caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "only auditors read the access log");
        using var foreignAuditor = Client("Auditor", "BE");
        Assert.That((await foreignAuditor.GetFromJsonAsync<JsonElement>($"/api/identification/access-log?caseId={caseId}")).GetArrayLength(), Is.EqualTo(0), "an auditor sees the log of their own jurisdiction's cases only");
    }

    [Test]
    public async Task The_access_log_is_append_only_in_the_database()
    {
        using var client = Client();
        var (caseId, _) = await CaseWithPersonalDataAsync(client);
        Assert.That((await client.GetAsync($"/api/identification/cases/{caseId}/personal-data?purpose=identification")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE identification.mt_doc_accesslogentry SET data = data", "DELETE FROM identification.mt_doc_accesslogentry", "TRUNCATE identification.mt_doc_accesslogentry" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.That(error!.MessageText, Does.Contain("append-only"), sql);
        }
    }

    [Test]
    public async Task Erasure_is_refused_under_legal_hold_allowed_with_a_judicial_override_and_the_history_still_replays()
    {
        using var focalPoint = Client();
        var (caseId, etag) = await CaseWithPersonalDataAsync(focalPoint);
        var hold = await Send(focalPoint, HttpMethod.Post, $"/api/identification/cases/{caseId}/legal-holds", new { kind = "criminal-proceedings", reasons = "Trial of the recruiters pending" }, etag);
        Assert.That(hold.StatusCode, Is.EqualTo(HttpStatusCode.OK), await hold.Content.ReadAsStringAsync());
        etag = hold.Headers.ETag!.Tag;

        var refused = await Send(focalPoint, HttpMethod.Post, $"/api/identification/cases/{caseId}/erasure", new { legalBasis = "GDPR art. 17(1)(b)", reasons = "The person asked for erasure" }, etag);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("erasure-legal-hold"));

        var overrideByFocalPoint = await Send(focalPoint, HttpMethod.Post, $"/api/identification/cases/{caseId}/erasure", new { legalBasis = "GDPR art. 17(1)(b)", reasons = "x", overrideLegalHold = true }, etag);
        Assert.That((await overrideByFocalPoint.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("legal-hold-override-by-judicial-officer"));

        // The court sees the case only once it is shared with it (same jurisdiction, another organisation: on a legal basis).
        var share = await Send(focalPoint, HttpMethod.Post, $"/api/identification/cases/{caseId}/shares",
            new { granteeOrganisation = "nl-district-court", purpose = "criminal-proceedings", expiresAt = DateTimeOffset.UtcNow.AddDays(30), legalBasis = "Code of Criminal Procedure art. 126 — court order 2026/88" }, etag);
        Assert.That(share.StatusCode, Is.EqualTo(HttpStatusCode.Created), await share.Content.ReadAsStringAsync());
        etag = share.Headers.ETag!.Tag;

        using var judge = new HttpClient { BaseAddress = BaseAddress }.Authorize("JudicialOfficer", "NL", "nl-district-court", "judge-3");
        var erased = await Send(judge, HttpMethod.Post, $"/api/identification/cases/{caseId}/erasure",
            new { legalBasis = "GDPR art. 17(1)(b); court order 2026/88", reasons = "Evidence secured otherwise; the person's request prevails", overrideLegalHold = true }, etag);
        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.OK), await erased.Content.ReadAsStringAsync());

        var gone = await focalPoint.GetAsync($"/api/identification/cases/{caseId}/personal-data?purpose=identification");
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
        Assert.That((await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString(), Is.EqualTo("personal-data-erased"));

        var state = await focalPoint.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}");
        Assert.That(state.GetProperty("personalData").GetString(), Is.EqualTo("erased"));
        var history = (await focalPoint.GetFromJsonAsync<JsonElement>($"/api/identification/cases/{caseId}/history?purpose=audit")).EnumerateArray().ToList();
        Assert.That(history.Select(h => h.GetProperty("decision").GetString()),
            Is.EqualTo(new[] { "case_opened", "personal_data_recorded", "legal_hold_placed", "case_shared", "personal_data_erased" }));
        Assert.That(history[^1].GetProperty("actorRole").GetString(), Is.EqualTo("JudicialOfficer"));
        Assert.That(history[^1].GetProperty("legalBasis").GetString(), Does.Contain("court order"));

        // Nothing of the person is left in plaintext, and the vault holds no key any more.
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM identification.mt_doc_vaultrecord WHERE data->>'wrappedKey' IS NOT NULL AND data->>'erasedAt' IS NOT NULL", connection);
        Assert.That((long)(await command.ExecuteScalarAsync())!, Is.EqualTo(0));
    }
}
