using System.Diagnostics;
using Npgsql;

namespace TransnationalReferral.Identification.Tests;

/// <summary>
/// <c>dotnet TransnationalReferral.Identification.dll rebuild</c> — the documented command, run as a process against
/// the service's real database — rebuilds the read models from the events: what it writes equals what the live
/// service had written decision by decision, even after the read models were lost.
/// </summary>
public class ProjectionRebuildTests : IdentificationApiFixture
{
    private static readonly string[] ReadModels = ["mt_doc_identificationcase", "mt_doc_registeredcase"];

    private async Task<Dictionary<string, string>> ReadModelsAsync()
    {
        var rows = new Dictionary<string, string>();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var table in ReadModels)
        {
            await using var command = new NpgsqlCommand($"select id::text, data::text from identification.{table}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows[$"{table}/{reader.GetString(0)}"] = reader.GetString(1);
        }
        return rows;
    }

    [Test]
    public async Task The_rebuild_command_replays_every_event_into_read_models_equal_to_the_live_ones()
    {
        using var client = Client();
        for (var i = 0; i < 6; i++)
        {
            var (caseId, etag) = await OpenCaseAsync(client, Signal(ageGroup: i % 2 == 0 ? "25-34" : "12-17"));
            etag = await client.DecideAtAsync($"/api/identification/cases/{caseId}/information-on-rights",
                new { informedOfRights = true, informedOfAssistance = true, informedOfReflectionPeriod = true, format = i % 2 == 0 ? "oral" : "child-friendly", interpreterUsed = i % 3 == 0, language = "ro" }, etag);
            if (i % 2 == 1) continue;
            await client.DecideAtAsync($"/api/identification/cases/{caseId}/shares",
                new { granteeOrganisation = "nl-shelter", purpose = "assistance", expiresAt = DateTimeOffset.UtcNow.AddDays(30), legalBasis = "Anti-trafficking Act art. 12" }, etag, expected: HttpStatusCode.Created);
        }
        var live = await ReadModelsAsync();
        Assert.That(live.Keys.Count(k => k.StartsWith("mt_doc_identificationcase/")), Is.EqualTo(6));
        Assert.That(live.Keys.Count(k => k.StartsWith("mt_doc_registeredcase/")), Is.EqualTo(6));
        Assert.That(live.Values.Count(v => v.Contains("nl-shelter")), Is.GreaterThanOrEqualTo(3), "the shares are in the register");

        // The read models are lost (one emptied, one corrupted).
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("delete from identification.mt_doc_identificationcase", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand("update identification.mt_doc_registeredcase set data = jsonb_set(data, '{grants}', '[]'::jsonb)", connection).ExecuteNonQueryAsync();
        }
        Assert.That(await ReadModelsAsync(), Is.Not.EqualTo(live));

        var assembly = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [assembly, "rebuild", $"--ConnectionStrings:Marten={ConnectionString}", $"--ConnectionStrings:RabbitMq={Bus.AmqpUri}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        // The service's own settings, as its deployment gives them (the command builds the same host, without serving).
        start.Environment["Node__Jurisdiction"] = "NL";
        foreach (var (key, value) in Testing.TestTokens.Settings) start.Environment[key.Replace(":", "__")] = value;
        start.Environment["Vault__CurrentKeyId"] = "test-1";
        start.Environment["Vault__MasterKeys__test-1"] = Testing.TestTokens.VaultMasterKey;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "the rebuild finishes");
        var printed = await output;
        TestContext.Out.WriteLine(printed);
        Assert.That(process.ExitCode, Is.Zero, printed + await error);
        Assert.That(printed, Does.Contain("rebuilding IdentificationCase, IncomingAssistanceRequest, RegisteredCase from"));
        Assert.That(printed, Does.Match(@"IdentificationCase: [\d,]+ / [\d,]+ events \(100%\)"), "progress is shown");
        Assert.That(printed, Does.Match(@"RegisteredCase: [\d,]+ events in [\d.]+ s \([\d,]+ events/s\)"));

        var rebuilt = await ReadModelsAsync();
        Assert.That(rebuilt.Keys, Is.EquivalentTo(live.Keys));
        foreach (var (key, json) in live)
            Assert.That(rebuilt[key], Is.EqualTo(json), key);
    }
}
