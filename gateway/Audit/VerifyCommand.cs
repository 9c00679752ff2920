using System.Text.Json;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.Gateway.Audit;

/// <summary>
/// <c>dotnet TransnationalReferral.Gateway.dll verify &lt;export.json&gt; [--keys &lt;keys.json&gt;]</c>: verifies a case
/// export offline — every stream's hash chain recomputed with the same rules as the services, and each stream's signed
/// checkpoint proof (Merkle path to the signed root, ECDSA signature, signed head still in the chain). With
/// <c>--keys</c> (the node's published keys, <c>GET /api/audit/keys</c>, pinned out of band) a checkpoint must also be
/// signed by the key pinned for its service and jurisdiction. Exit 0 when everything holds, 1 with the first problem
/// per stream, 2 for a usage error.
/// </summary>
public static class VerifyCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static int Run(string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        string file;
        string? keysFile = null;
        switch (args)
        {
            case [var f] when !f.StartsWith('-'): file = f; break;
            case [var f, "--keys", var k]: file = f; keysFile = k; break;
            case ["--gateway", var url, "--token", var token, "--case", var caseId]:
                return Online(new Uri(url.TrimEnd('/') + "/"), token, caseId, null, output);
            case ["--gateway", var url, "--token", var token, "--service", var service]:
                return Online(new Uri(url.TrimEnd('/') + "/"), token, null, service, output);
            default:
                output.WriteLine("usage: verify <case-export.json> [--keys <trusted-keys.json>]");
                output.WriteLine("       verify --gateway <url> --token <auditor token> --case <case id>");
                output.WriteLine("       verify --gateway <url> --token <auditor token> --service <identification|protection|return|remedies|judicial>");
                return 2;
        }
        CaseExport? export;
        TrustedKeys? trusted = null;
        try
        {
            export = JsonSerializer.Deserialize<CaseExport>(File.ReadAllText(file), Json);
            if (keysFile is not null) trusted = JsonSerializer.Deserialize<TrustedKeys>(File.ReadAllText(keysFile), Json);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            output.WriteLine($"cannot read the export or the keys: {e.Message}");
            return 1;
        }
        if (export?.Streams is not { Count: > 0 }) { output.WriteLine("not a case export: no streams"); return 1; }
        if (keysFile is not null && trusted?.Keys is not { Count: > 0 }) { output.WriteLine($"{keysFile}: no keys"); return 1; }

        var broken = 0;
        var signed = 0;
        var streams = export.Streams.SelectMany(s => s.Related is { } related ? [s, .. related] : new[] { s }).ToList();
        foreach (var stream in streams)
        {
            var (problem, note) = Check(stream, trusted);
            output.WriteLine(problem is null
                ? $"{stream.Service,-15} {stream.StreamId}  {stream.Events.Count,4} events  intact; {note}"
                : $"{stream.Service,-15} {stream.StreamId}  BROKEN {problem}");
            if (problem is not null) broken++;
            else if (stream.Checkpoint is not null) signed++;
        }
        output.WriteLine(broken == 0
            ? $"case {export.CaseId}: {streams.Count} streams verified, {signed} with a signed checkpoint{(trusted is null ? " (signers not checked: pass --keys to pin them)" : " by pinned keys")}"
            : $"case {export.CaseId}: {broken} stream(s) broken");
        return broken == 0 ? 0 : 1;
    }

    /// <summary>Asks the running node to verify a case in every service, or every stream of one service, and reports the first broken link of each broken stream.</summary>
    private static int Online(Uri gateway, string token, string? caseId, string? service, TextWriter output)
    {
        using var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        static string Link(JsonElement v) => v.GetProperty("firstBrokenLink") is { ValueKind: JsonValueKind.Object } link
            ? $"BROKEN at version {link.GetProperty("version")} ({link.GetProperty("decision").GetString()}): {link.GetProperty("problem").GetString()}"
            : v.GetProperty("checkpoint") is { ValueKind: JsonValueKind.Object } c
                ? $"BROKEN: the checkpoint of {c.GetProperty("at")} (authentic {c.GetProperty("authentic")}, matches {c.GetProperty("matches")}, own key {c.GetProperty("ownKey")})"
                : "BROKEN";
        var broken = 0;
        if (service is not null)
        {
            if (!ServiceRoutes.Names.Contains(service)) { output.WriteLine($"unknown service {service}: one of {string.Join(", ", ServiceRoutes.Names)}"); return 2; }
            using var response = client.GetAsync($"api/{service}/verification").GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode) { output.WriteLine($"{service}: {(int)response.StatusCode} {response.ReasonPhrase}"); return 1; }
            var result = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement;
            foreach (var stream in result.GetProperty("brokenStreams").EnumerateArray())
                output.WriteLine($"{service,-15} {stream.GetProperty("streamId").GetString()}  {Link(stream)}");
            broken = result.GetProperty("broken").GetInt32();
            output.WriteLine($"{service}: {result.GetProperty("streams")} streams, {result.GetProperty("events")} events, {broken} broken");
            return broken == 0 ? 0 : 1;
        }
        var found = 0;
        foreach (var name in ServiceRoutes.Names)
        {
            using var response = client.GetAsync($"api/{name}/cases/{caseId}/verification").GetAwaiter().GetResult();
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound) { output.WriteLine($"{name,-15} no such case (or not in your scope)"); continue; }
            if (!response.IsSuccessStatusCode) { output.WriteLine($"{name,-15} {(int)response.StatusCode} {response.ReasonPhrase}"); broken++; continue; }
            var v = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement;
            found++;
            var intact = v.GetProperty("intact").GetBoolean();
            output.WriteLine($"{name,-15} {v.GetProperty("events"),4} events  {(intact ? "intact" + (v.GetProperty("checkpoint").ValueKind == JsonValueKind.Object ? ", matches its signed checkpoint" : "") : Link(v))}");
            if (!intact) broken++;
        }
        output.WriteLine(found == 0 ? $"case {caseId}: not found" : broken == 0 ? $"case {caseId}: {found} services verified" : $"case {caseId}: {broken} broken");
        return found > 0 && broken == 0 ? 0 : 1;
    }

    private static (string? Problem, string Note) Check(HashChain.ChainExport stream, TrustedKeys? trusted)
    {
        if (HashChain.VerifyExport(stream) is { } link) return ($"at version {link.Version} ({link.Decision}): {link.Problem}", "");
        if (stream.Checkpoint is not { } proof) return (null, "no signed checkpoint covers it yet (chain only)");
        if (proof.Problem(stream.StreamId, stream.Events) is { } problem) return ($"checkpoint {proof.CheckpointId}: {problem}", "");
        if (proof.Service != stream.Service) return ($"checkpoint {proof.CheckpointId}: signed by service {proof.Service}, not {stream.Service}", "");
        if (trusted is not null && !trusted.Trusts(proof.Jurisdiction, proof.Service, proof.PublicKey))
            return ($"checkpoint {proof.CheckpointId}: signed by a key not pinned for {proof.Service} in {proof.Jurisdiction}", "");
        var after = stream.Events.Count(e => e.Version > proof.Head.Version);
        return (null, $"checkpoint of {proof.At:u} signs versions 1–{proof.Head.Version}" + (after > 0 ? $", {after} later event(s) chained only" : ""));
    }
}
