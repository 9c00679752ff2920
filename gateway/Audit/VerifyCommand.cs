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
            case [var f]: file = f; break;
            case [var f, "--keys", var k]: file = f; keysFile = k; break;
            default:
                output.WriteLine("usage: verify <case-export.json> [--keys <trusted-keys.json>]");
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
