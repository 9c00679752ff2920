extern alias Gateway;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>Auditors reconstruct a case across services through the gateway, and read any service's state as it was.</summary>
public class AuditTimelineTests
{
    [Test]
    public async Task An_auditor_reads_one_timeline_across_services_and_the_state_as_of_any_instant()
    {
        await using var node = await Node.StartAsync();
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "officer-5");
        using var auditor = node.Client("Auditor", "NL", "nl-rapporteur", "auditor-1");
        using var foreignAuditor = node.Client("Auditor", "BE", "be-myria", "auditor-be");

        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "ngo", signallingOrganisation = "nl-comensha", jurisdiction = "NL", sex = "female", ageGroup = "25-34" });
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var identification = $"/api/identification/cases/{caseId}";
        await focalPoint.DecideAsync($"{identification}/information-on-rights", new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "oral", interpreterUsed = true, language = "es" }, identification);
        await focalPoint.DecideAsync($"{identification}/personal-data", new { names = new[] { "Maria Audit-Test" }, contact = "maria@example.invalid" }, identification, method: HttpMethod.Put);
        await Task.Delay(50);
        var beforeRecognition = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await focalPoint.DecideAsync($"{identification}/reasonable-grounds", new { reasons = "Debt bondage in a nail salon" }, identification);
        await Eventually.TrueAsync("the protection entitlement", async () =>
            (await focalPoint.GetAsync($"/api/protection/cases/{caseId}")) is { StatusCode: HttpStatusCode.OK } r && (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString() == "entitled", TimeSpan.FromSeconds(20));

        // A judicial request naming the person: its own stream in JudicialCooperation, part of the case's timeline.
        using var prosecutor = node.Client("JudicialOfficer", "NL", "nl-public-prosecution", "prosecutor-5");
        await Sharing.ShareWithAsync(focalPoint, caseId, "nl-public-prosecution", prosecutor);
        var drafted = await prosecutor.PostAsJsonAsync("/api/judicial/requests", new
        {
            type = "mla-video-testimony", counterpartJurisdiction = "RO", urgent = false,
            persons = new object[] { new { caseId, role = "victim-witness" }, new { caseId = Guid.NewGuid(), role = "accused" } },
            reasons = "Trial against the salon owner",
        });
        Assert.That(drafted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await drafted.Content.ReadAsStringAsync());
        var requestId = (await drafted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();

        var timeline = await Eventually.GetAsync("a timeline with every service", async () =>
        {
            var t = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/cases/{caseId}/timeline?purpose=audit");
            return t.GetProperty("services").EnumerateArray().All(s => s.GetProperty("status").GetString() == "included") ? t.ToString() : null;
        }, TimeSpan.FromSeconds(20));
        var root = JsonDocument.Parse(timeline).RootElement;
        var entries = root.GetProperty("entries").EnumerateArray().ToList();
        Assert.That(entries.Select(e => e.GetProperty("service").GetString()).Distinct(), Is.EquivalentTo(new[] { "identification", "protection", "return", "remedies", "judicial" }));
        Assert.That(entries.Select(e => e.GetProperty("recordedAt").GetDateTimeOffset()), Is.Ordered);
        var decisions = entries.Select(e => $"{e.GetProperty("service").GetString()}:{e.GetProperty("decision").GetString()}").ToList();
        Assert.That(decisions.IndexOf("identification:presumed_victim_recognised"), Is.LessThan(decisions.IndexOf("protection:assistance_entitled")), "cause before effect");
        var entitled = entries.Single(e => e.GetProperty("decision").GetString() == "assistance_entitled");
        Assert.That(entitled.GetProperty("actorId").GetString(), Is.EqualTo("system:protection"));
        Assert.That(entitled.GetProperty("causationId").GetString(), Is.Not.Empty, "the message that caused it");
        var recognised = entries.Single(e => e.GetProperty("decision").GetString() == "presumed_victim_recognised");
        Assert.That((recognised.GetProperty("actorId").GetString(), recognised.GetProperty("actorRole").GetString(), recognised.GetProperty("reasons").GetString()), Is.EqualTo(("officer-5", "FocalPoint", "Debt bondage in a nail salon")));
        Assert.That(root.GetProperty("accesses").EnumerateArray().Any(a => a.GetProperty("entry").GetProperty("actorId").GetString() == "auditor-1"), Is.True, "the auditor's own reads are in the access log shown");
        // Pseudonymous by default; the person's data only for a caller Identification lets read it, for the stated purpose.
        Assert.That(root.GetProperty("personalDataStatus").GetString(), Is.EqualTo("pseudonymised"));
        Assert.That(timeline, Does.Not.Contain("Maria Audit-Test").And.Not.Contain("maria@example.invalid"));
        var auditorAsking = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/cases/{caseId}/timeline?purpose=audit&personalData=true");
        Assert.That(auditorAsking.GetProperty("personalDataStatus").GetString(), Is.EqualTo("not-permitted"));
        Assert.That(auditorAsking.ToString(), Does.Not.Contain("Maria Audit-Test"));
        var withPerson = await focalPoint.GetFromJsonAsync<JsonElement>($"/api/audit/cases/{caseId}/timeline?purpose=identification&personalData=true");
        Assert.That(withPerson.GetProperty("personalDataStatus").GetString(), Is.EqualTo("included"));
        Assert.That(withPerson.GetProperty("personalData").GetProperty("names")[0].GetString(), Is.EqualTo("Maria Audit-Test"));
        var accessLog = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/cases/{caseId}/timeline?purpose=audit&service=identification");
        Assert.That(accessLog.GetProperty("accesses").EnumerateArray().Any(a => a.GetProperty("entry").GetProperty("actorId").GetString() == "officer-5"
            && a.GetProperty("entry").ToString().Contains("personal data")), Is.True, "the focal point's read of the personal data is shown to auditors: " + accessLog.GetProperty("accesses"));

        var request = entries.Single(e => e.GetProperty("decision").GetString() == "request_drafted");
        Assert.That((request.GetProperty("service").GetString(), request.GetProperty("relatedStream").GetGuid(), request.GetProperty("actorId").GetString()),
            Is.EqualTo(("judicial", requestId, "prosecutor-5")), "the request's own stream, named in the entry");

        var document = await auditor.GetAsync($"/api/audit/cases/{caseId}/timeline.html?purpose=audit");
        Assert.That(document.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
        Assert.That(await document.Content.ReadAsStringAsync(), Does.Contain("presumed_victim_recognised").And.Contain("Debt bondage in a nail salon").And.Not.Contain("<script"));

        var onlyProtection = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/cases/{caseId}/timeline?purpose=audit&service=protection");
        Assert.That(onlyProtection.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("service").GetString()).Distinct(), Is.EqualTo(new[] { "protection" }));
        var asOf = await auditor.GetFromJsonAsync<JsonElement>($"/api/audit/cases/{caseId}/timeline?purpose=audit&asOf={Uri.EscapeDataString(beforeRecognition.ToString("O"))}");
        Assert.That(asOf.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("decision").GetString()), Does.Not.Contain("presumed_victim_recognised").And.Contain("information_on_rights_recorded"));

        // The state as of an instant, in the service itself: before the recognition the case was not yet a presumed victim.
        var then = await focalPoint.GetAsync($"{identification}?asOf={Uri.EscapeDataString(beforeRecognition.ToString("O"))}");
        Assert.That(then.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(then.Headers.ETag, Is.Null, "no decision is taken on the past");
        Assert.That((await then.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString(), Is.Not.EqualTo("presumed-victim"));
        var first = await focalPoint.GetAsync($"{identification}?version=1");
        Assert.That(first.Headers.GetValues("Stream-Version").Single(), Is.EqualTo("1"));
        Assert.That((await focalPoint.GetAsync($"{identification}?asOf=2001-01-01T00:00:00Z")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await focalPoint.GetAsync($"{identification}?asOf=yesterday")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        Assert.That((await foreignAuditor.GetAsync($"/api/audit/cases/{caseId}/timeline?purpose=audit")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "an auditor of another jurisdiction gets nothing");
        Assert.That((await auditor.GetAsync($"/api/audit/cases/{caseId}/timeline")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a purpose is stated");
        using var caseWorker = node.Client("ServiceProvider", "NL", "nl-shelter");
        Assert.That((await caseWorker.GetAsync($"/api/audit/cases/{caseId}/timeline?purpose=audit")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_case_export_verifies_offline_and_fails_after_a_one_byte_edit()
    {
        await using var node = await Node.StartAsync();
        using var focalPoint = node.Client("FocalPoint", "NL", "nl-focal-point", "officer-6");
        using var auditor = node.Client("Auditor", "NL", "nl-rapporteur", "auditor-2");
        var opened = await focalPoint.PostAsJsonAsync("/api/identification/cases", new { source = "police", signallingOrganisation = "nl-police", jurisdiction = "NL", sex = "male", ageGroup = "18-24" });
        var caseId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid();
        var recorded = await focalPoint.PostWithIfMatchAsync($"/api/identification/cases/{caseId}/information-on-rights",
            new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = "written", interpreterUsed = false, language = "en" }, opened.Headers.ETag!.Tag);
        Assert.That(recorded.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually.GetAsync("an export with every service", async () =>
        {
            var response = await auditor.GetAsync($"/api/audit/cases/{caseId}/export?purpose=audit");
            var body = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode && JsonDocument.Parse(body).RootElement.GetProperty("streams").GetArrayLength() == 5 ? body : null;
        }, TimeSpan.FromSeconds(20));
        // Every service signs a checkpoint over its stream heads (as its scheduler does every Audit:CheckpointSeconds).
        foreach (var service in node.Services.Keys)
        {
            var provider = node.Providers[service];
            await Checkpoints.CreateAsync(provider.GetRequiredService<Marten.IDocumentStore>(), provider.GetRequiredService<CheckpointSigner>(),
                provider.GetRequiredService<TransnationalReferral.ServiceDefaults.ServiceIdentity>(), DateTimeOffset.UtcNow, CancellationToken.None);
        }
        var export = await auditor.GetStringAsync($"/api/audit/cases/{caseId}/export?purpose=audit");
        var keys = await auditor.GetStringAsync("/api/audit/keys");
        Assert.That(JsonDocument.Parse(keys).RootElement.GetProperty("keys").GetArrayLength(), Is.EqualTo(5));

        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"case-export-{caseId:N}.json");
        var keysFile = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"keys-{caseId:N}.json");
        await File.WriteAllTextAsync(file, export);
        await File.WriteAllTextAsync(keysFile, keys);
        var report = new StringWriter();
        Assert.That(Gateway::TransnationalReferral.Gateway.Audit.VerifyCommand.Run([file, "--keys", keysFile], report), Is.Zero, report.ToString());
        Assert.That(report.ToString(), Does.Contain("5 streams verified, 5 with a signed checkpoint by pinned keys"));
        Assert.That(report.ToString(), Does.Contain("signs versions 1–2"), "identification's two decisions are under the signature");

        // Someone who can write the database re-signs a checkpoint with a key of their own: the signature holds, but
        // not for the key the auditor pinned.
        var forged = System.Text.Json.Nodes.JsonNode.Parse(export)!;
        var proof = forged["streams"]!.AsArray().Single(x => x!["service"]!.GetValue<string>() == "identification")!["checkpoint"]!;
        using (var impostor = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            proof["signature"] = Convert.ToBase64String(impostor.SignData(System.Text.Encoding.UTF8.GetBytes(proof["digest"]!.GetValue<string>()), System.Security.Cryptography.HashAlgorithmName.SHA256));
            proof["publicKey"] = Convert.ToBase64String(impostor.ExportSubjectPublicKeyInfo());
        }
        await File.WriteAllTextAsync(file, forged.ToJsonString());
        report = new StringWriter();
        Assert.That(Gateway::TransnationalReferral.Gateway.Audit.VerifyCommand.Run([file, "--keys", keysFile], report), Is.EqualTo(1), report.ToString());
        Assert.That(report.ToString(), Does.Contain("signed by a key not pinned for identification in NL"));

        // The signed head edited to match a rewritten chain: it is no longer on the Merkle path to the signed digest.
        forged = System.Text.Json.Nodes.JsonNode.Parse(export)!;
        proof = forged["streams"]!.AsArray().Single(x => x!["service"]!.GetValue<string>() == "identification")!["checkpoint"]!;
        proof["head"]!["hash"] = new string('0', 64);
        await File.WriteAllTextAsync(file, forged.ToJsonString());
        report = new StringWriter();
        Assert.That(Gateway::TransnationalReferral.Gateway.Audit.VerifyCommand.Run([file], report), Is.EqualTo(1), report.ToString());
        Assert.That(report.ToString(), Does.Contain("the stream head is not part of what the checkpoint signed"));

        // One byte changed in a recorded payload ("en" → "em"): the offline check names the event.
        var tampered = System.Text.Json.Nodes.JsonNode.Parse(export)!;
        var identification = tampered["streams"]!.AsArray().Single(x => x!["service"]!.GetValue<string>() == "identification")!;
        var informed = identification["events"]![1]!;
        var payload = informed["payload"]!.GetValue<string>();
        // The export carries the payload as PostgreSQL stores it (jsonb's own spacing), which is what the chain covers.
        var language = System.Text.RegularExpressions.Regex.Match(payload, "\"language\":\\s*\"en\"");
        Assert.That(language.Success, payload);
        informed["payload"] = payload.Replace(language.Value, language.Value.Replace("\"en\"", "\"em\""));
        await File.WriteAllTextAsync(file, tampered.ToJsonString());
        report = new StringWriter();
        Assert.That(Gateway::TransnationalReferral.Gateway.Audit.VerifyCommand.Run([file], report), Is.EqualTo(1), report.ToString());
        Assert.That(report.ToString(), Does.Contain("BROKEN at version 2 (information_on_rights_recorded)"));

        // The same command asks the running node to verify the case in every service, or a whole service.
        var token = TestTokens.For("Auditor", "NL", "nl-rapporteur", "auditor-2");
        report = new StringWriter();
        Assert.That(Gateway::TransnationalReferral.Gateway.Audit.VerifyCommand.Run(["--gateway", node.Gateway.ToString(), "--token", token, "--case", caseId.ToString()], report), Is.Zero, report.ToString());
        Assert.That(report.ToString(), Does.Contain("5 services verified").And.Contain("matches its signed checkpoint"));
        await using (var connection = new Npgsql.NpgsqlConnection(node.Databases["identification"].ConnectionString))
        {
            await connection.OpenAsync();
            await using var edit = new Npgsql.NpgsqlCommand("update identification.mt_events set data = jsonb_set(data, '{language}', '\"em\"') where stream_id = @id and version = 2", connection);
            edit.Parameters.AddWithValue("id", caseId);
            Assert.That(await edit.ExecuteNonQueryAsync(), Is.EqualTo(1));
        }
        report = new StringWriter();
        Assert.That(Gateway::TransnationalReferral.Gateway.Audit.VerifyCommand.Run(["--gateway", node.Gateway.ToString(), "--token", token, "--case", caseId.ToString()], report), Is.EqualTo(1), report.ToString());
        Assert.That(report.ToString(), Does.Contain("BROKEN at version 2 (information_on_rights_recorded)"));
        report = new StringWriter();
        Assert.That(Gateway::TransnationalReferral.Gateway.Audit.VerifyCommand.Run(["--gateway", node.Gateway.ToString(), "--token", token, "--service", "identification"], report), Is.EqualTo(1), report.ToString());
        Assert.That(report.ToString(), Does.Contain($"{caseId}  BROKEN at version 2").And.Contain("1 broken"));
    }
}
