namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The shape the code keeps (issue 17), read from the source tree: a service's Program.cs is a few lines (what is specific
/// to a service lives in its <c>&lt;Service&gt;Service.cs</c>, the rest is convention), and a decision is one file.
/// </summary>
public partial class ArchitectureRules
{
    private const int MaxProgramLines = 20;
    private const int MaxDecisionsPerFile = 2;

    private static string Services => Path.Combine(BrokerAdmin.RepositoryRoot(), "services");

    private static string Relative(string path) => Path.GetRelativePath(BrokerAdmin.RepositoryRoot(), path);

    private static IEnumerable<string> SourceFiles() => Directory.EnumerateFiles(Services, "*.cs", SearchOption.AllDirectories)
        .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));

    [Test]
    public void Every_service_Program_is_at_most_twenty_lines()
    {
        var programs = Directory.EnumerateFiles(Services, "Program.cs", SearchOption.AllDirectories).Where(f => SourceFiles().Contains(f)).ToList();
        Assert.That(programs, Has.Count.EqualTo(5), "the five services' Program.cs");
        var tooLong = programs.Select(f => (File: Relative(f), Lines: File.ReadAllLines(f).Length)).Where(p => p.Lines > MaxProgramLines).ToList();
        Assert.That(tooLong, Is.Empty, $"Program.cs longer than {MaxProgramLines} lines: what is specific to a service goes in its <Service>Service.cs");
    }

    /// <summary>Decision mappings: calls of <c>MapDecision(</c>, <c>MapDecision&lt;TState, TCommand&gt;(</c> and <c>.WithDecision()</c>, not their declarations nor comments.</summary>
    [GeneratedRegex(@"(?<!static\s+\S+\s+)\bMapDecision(?:<[^<>()]*>)?\(|\.WithDecision\(\)")]
    private static partial Regex DecisionMapping();

    private static int DecisionsMapped(string file) => File.ReadLines(file)
        .Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !line.TrimStart().StartsWith('*'))
        .Sum(line => DecisionMapping().Count(line));

    [Test]
    public void The_decision_counter_sees_calls_not_declarations()
    {
        Assert.That(DecisionMapping().Count("cases.MapDecision(\"/{id}/x\", X, Permissions.Y, \"X\", \"x\");"), Is.EqualTo(1));
        Assert.That(DecisionMapping().Count("cases.MapPost(\"/{id}/x\", X).WithDecision();"), Is.EqualTo(1));
        Assert.That(DecisionMapping().Count("public static RouteHandlerBuilder MapDecision(this IEndpointRouteBuilder cases, string pattern)"), Is.EqualTo(0));
        Assert.That(DecisionMapping().Count("cases.MapDecision<ReturnCase, CloseReturn>(\"/{caseId:guid}/closure\", Decide, LegalBasis,"), Is.EqualTo(1));
        Assert.That(DecisionMapping().Count("public static RouteHandlerBuilder MapDecision<TState, TCommand>(this IEndpointRouteBuilder cases, string pattern,"), Is.EqualTo(0));
    }

    [Test]
    public void No_file_under_services_maps_more_than_two_decisions()
    {
        var crowded = SourceFiles().Select(f => (File: Relative(f), Decisions: DecisionsMapped(f))).Where(f => f.Decisions > MaxDecisionsPerFile)
            .OrderByDescending(f => f.Decisions).Select(f => $"{f.File}: {f.Decisions}").ToList();
        Assert.That(crowded, Is.Empty, "one decision, one file (RecognisingPresumedVictim.cs is the model)");
    }
}
