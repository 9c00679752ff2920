using System.Text.Json;
using TransnationalReferral.ServiceDefaults.EventStore;

namespace TransnationalReferral.Gateway.Audit;

/// <summary>
/// <c>dotnet TransnationalReferral.Gateway.dll verify &lt;export.json&gt;</c>: verifies a case export offline — every
/// stream's hash chain recomputed with the same rules as the services. Exit 0 when intact, 1 with the first broken link.
/// </summary>
public static class VerifyCommand
{
    public static int Run(string[] args, TextWriter? output = null)
    {
        output ??= Console.Out;
        if (args is not [var file]) { output.WriteLine("usage: verify <case-export.json>"); return 2; }
        CaseExport? export;
        try
        {
            export = JsonSerializer.Deserialize<CaseExport>(File.ReadAllText(file), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (JsonException e)
        {
            output.WriteLine($"not a case export: {e.Message}");
            return 1;
        }
        if (export is null || export.Streams.Count == 0) { output.WriteLine("not a case export: no streams"); return 1; }
        var broken = 0;
        foreach (var stream in export.Streams)
        {
            var link = HashChain.VerifyExport(stream);
            output.WriteLine(link is null
                ? $"{stream.Service,-15} {stream.StreamId}  {stream.Events.Count,4} events  intact"
                : $"{stream.Service,-15} {stream.StreamId}  BROKEN at version {link.Version} ({link.Decision}): {link.Problem}");
            if (link is not null) broken++;
        }
        output.WriteLine(broken == 0 ? $"case {export.CaseId}: {export.Streams.Count} streams verified" : $"case {export.CaseId}: {broken} stream(s) broken");
        return broken == 0 ? 0 : 1;
    }
}
