namespace TransnationalReferral.RefusalCatalogue;

/// <summary>
/// Writes <see cref="Catalogue.MarkdownPath"/> and <see cref="Catalogue.JsonPath"/> from the sources under services/:
/// <c>dotnet run --project tools/RefusalCatalogue</c>; with <c>-- --check</c> it only says whether the committed files
/// are up to date (exit code 1 when they are not).
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = Catalogue.RepositoryRoot();
        var stale = 0;
        foreach (var (path, text) in Catalogue.Generate(root))
        {
            var file = Path.Combine(root, path);
            var current = File.Exists(file) ? File.ReadAllText(file) : "";
            if (current == text) { Console.WriteLine($"{path} is up to date"); continue; }
            if (args.Contains("--check"))
            {
                Console.Error.WriteLine($"{path} is stale: regenerate it with {Catalogue.Regenerate} and commit it");
                stale++;
                continue;
            }
            File.WriteAllText(file, text);
            Console.WriteLine($"wrote {path}");
        }
        return stale == 0 ? 0 : 1;
    }
}
