using System.Text.RegularExpressions;
using TransnationalReferral.RefusalCatalogue;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// docs/refusals.md and docs/refusals.json are generated from the services' sources by tools/RefusalCatalogue
/// (<see cref="Catalogue"/>): the committed files are its current output, and the catalogue misses no refusal a plain
/// reading of the sources finds.
/// </summary>
public partial class RefusalCatalogueTests
{
    private static readonly string Root = BrokerAdmin.RepositoryRoot();

    [Test]
    public void The_committed_catalogue_is_what_the_generator_writes()
    {
        foreach (var (path, text) in Catalogue.Generate(Root))
        {
            var file = Path.Combine(Root, path);
            Assert.That(File.Exists(file) ? File.ReadAllText(file) : "", Is.EqualTo(text),
                $"{path} is not what the services' refusals say (a refusal, its legal source or next, or an endpoint changed?): regenerate it with {Catalogue.Regenerate} and commit it");
        }
    }

    [Test]
    public void Every_refusal_literal_in_the_sources_is_in_the_catalogue_and_every_rule_is_answered_or_raised_somewhere()
    {
        var rules = Catalogue.Read(Root);
        var ids = rules.Select(r => r.Rule).ToHashSet();
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "services"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText).ToList();
        var literals = sources.SelectMany(s => RefusalLiteral().Matches(s)).Select(m => m.Groups["rule"].Value).ToHashSet();
        Assert.That(literals, Has.Count.GreaterThan(150), "the plain reading finds the refusals");
        Assert.That(literals.Except(ids), Is.Empty, "refusals in the sources missing from the catalogue");
        Assert.That(ids.Where(id => !Regex.IsMatch(id, "^[a-z0-9]+(-[a-z0-9]+)*$")), Is.Empty, "every rule id is resolved to a kebab-case id");

        foreach (var rule in rules)
        {
            Assert.That(rule.Operations.Count + rule.RaisedIn.Count, Is.GreaterThan(0), $"{rule.Rule}: where it is answered");
            Assert.That(rule.LegalSources.Where(l => Regex.IsMatch(l, @"^[A-Z]\w*(\.\w+)?$")), Is.Empty, $"{rule.Rule}: a legal source left as a const name");
            Assert.That(rule.Next.SelectMany(n => n.Split(" / ")).Where(n => !NextRoute().IsMatch(n)), Is.Empty, $"{rule.Rule}: next is METHOD /api/<service>/… (alternatives by ' / ')");
        }

        // Every next names an operation of the catalogue's services (the route as the gateway serves it).
        var operations = Catalogue.AllOperations(Root).Select(o => o.ToString()).ToHashSet();
        foreach (var next in rules.SelectMany(r => r.Next).SelectMany(n => n.Split(" / ")).Distinct())
            Assert.That(operations, Does.Contain(next), $"next '{next}' is not an endpoint");
    }

    [Test]
    public void A_service_s_rule_is_answered_only_by_that_service_s_operations()
    {
        // The generator follows calls by name; a name it guessed wrong (once: every session.DecideAsync taken for a
        // Remedies consumer's DecideAsync) would list a rule under operations of other services that can never return it.
        var prefixes = new Dictionary<string, string>
        {
            ["Identification"] = "/api/identification/", ["Protection"] = "/api/protection/", ["Return"] = "/api/return/",
            ["Remedies"] = "/api/remedies/", ["JudicialCooperation"] = "/api/judicial/",
        };
        var rules = Catalogue.Read(Root).Where(r => prefixes.ContainsKey(r.Service)).ToList();
        Assert.That(rules, Has.Count.GreaterThan(100));
        foreach (var rule in rules)
            Assert.That(rule.Operations.Where(o => !o.Path.StartsWith(prefixes[rule.Service], StringComparison.Ordinal)).Select(o => o.ToString()), Is.Empty,
                $"{rule.Service}'s rule {rule.Rule} listed under another service's operations");
    }

    [GeneratedRegex("""(?:new Refusal|Refusal\.Conflict|ReturnGates\.Closed|\bClosed)\(\s*"(?<rule>[a-z0-9-]+)"|type: "(?<rule>[a-z0-9-]+)"\s*,""")]
    private static partial Regex RefusalLiteral();

    [GeneratedRegex(@"^(GET|POST|PUT|DELETE|PATCH) /api/[a-z-]+(/[A-Za-z0-9{}-]+)+$")]
    private static partial Regex NextRoute();
}
