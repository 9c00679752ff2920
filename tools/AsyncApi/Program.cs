namespace TransnationalReferral.AsyncApi;

/// <summary>
/// Writes <see cref="InternalAsyncApi.DocumentPath"/> from contracts/ and the services:
/// <c>dotnet run --project tools/AsyncApi</c>; with <c>-- --check</c> it only says whether the committed document is up
/// to date (exit code 1 when it is not).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var file = Path.Combine(RepositoryRoot(), InternalAsyncApi.DocumentPath);
        var generated = InternalAsyncApi.Generate();
        var current = File.Exists(file) ? File.ReadAllText(file) : "";
        if (args.Contains("--check"))
        {
            if (current == generated) { Console.WriteLine($"{InternalAsyncApi.DocumentPath} is up to date"); return 0; }
            Console.Error.WriteLine($"{InternalAsyncApi.DocumentPath} is stale: regenerate it with {InternalAsyncApi.Regenerate} and commit it");
            return 1;
        }
        if (current == generated) Console.WriteLine($"{InternalAsyncApi.DocumentPath} is up to date");
        else { File.WriteAllText(file, generated); Console.WriteLine($"wrote {InternalAsyncApi.DocumentPath}"); }
        return 0;
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "deploy", "asyncapi"))) return dir.FullName;
        throw new InvalidOperationException("deploy/asyncapi not found above the current directory");
    }
}
