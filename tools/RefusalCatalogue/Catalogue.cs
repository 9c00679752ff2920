using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TransnationalReferral.RefusalCatalogue;

/// <summary>A place in the code that refuses: <c>new Refusal(…)</c>, <c>Refusal.Conflict(…)</c> or a <c>TypedResults.Problem(type: …)</c>.</summary>
public sealed record RefusalSite(string Service, string File, int Line, string Rule, int Status, string? LegalSource, string? Next, string Detail, string Method, bool Typed = false);

/// <summary>An endpoint as the gateway serves it: <c>POST /api/protection/cases/{caseId}/referrals</c>, named <c>RequestReferral</c>.</summary>
public sealed record Operation(string Service, string Name, string HttpMethod, string Path)
{
    public override string ToString() => $"{HttpMethod} {Path}";
}

/// <summary>One rule of the catalogue: what its sites say, merged.</summary>
public sealed record RuleEntry(string Service, string Rule, IReadOnlyList<int> Statuses, IReadOnlyList<string> LegalSources, IReadOnlyList<string> Next,
    IReadOnlyList<string> Details, IReadOnlyList<Operation> Operations, IReadOnlyList<string> RaisedIn, int Sites);

/// <summary>
/// The catalogue of every refusal, read from the services' sources by syntax (Roslyn, no semantic model): the refusal
/// sites, the endpoints each file maps (under the route groups of the service's <c>MapApi</c> and its gateway prefix
/// <c>/api/{name}</c>), and the calls from a decision file into shared rule helpers (<c>ProtectionRules.Active(…)</c>
/// → the refusals inside <c>Active</c>).
/// </summary>
public static partial class Catalogue
{
    public const string MarkdownPath = "docs/refusals.md";
    public const string JsonPath = "docs/refusals.json";
    public const string Regenerate = "dotnet run --project tools/RefusalCatalogue";

    private static readonly string[] HttpVerbs = ["Get", "Post", "Put", "Delete", "Patch"];

    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "services")) && File.Exists(Path.Combine(dir.FullName, "build.cake"))) return dir.FullName;
        throw new InvalidOperationException("services/ and build.cake not found above the current directory");
    }

    /// <summary>The two files, path relative to the repository → content.</summary>
    public static IReadOnlyList<(string Path, string Text)> Generate(string root)
    {
        var rules = Read(root);
        return [(MarkdownPath, Markdown(rules)), (JsonPath, Json(rules))];
    }

    private sealed record Source(string Service, string File, SyntaxTree Tree);

    private sealed record MethodInfo(string Key, string File, List<RefusalSite> Sites, HashSet<string> Calls);

    /// <summary>Every rule, by service then rule id.</summary>
    public static IReadOnlyList<RuleEntry> Read(string root)
    {
        var servicesDir = Path.Combine(root, "services");
        var sources = Directory.EnumerateFiles(servicesDir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(f => new Source(f[(servicesDir.Length + 1)..].Split(Path.DirectorySeparatorChar)[0], Path.GetRelativePath(root, f).Replace('\\', '/'),
                CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f)))
            .ToList();

        var consts = Constants(sources);
        FindFactories(sources);
        var methods = new Dictionary<string, MethodInfo>(StringComparer.Ordinal);
        var sitesByFile = new Dictionary<string, List<RefusalSite>>();
        foreach (var source in sources)
        {
            var root_ = source.Tree.GetRoot();
            foreach (var node in root_.DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or PropertyDeclarationSyntax or FieldDeclarationSyntax or LocalFunctionStatementSyntax))
            {
                if (node is LocalFunctionStatementSyntax) continue; // counted with the method holding it
                var type = node.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text ?? "";
                var name = node switch
                {
                    MethodDeclarationSyntax m => m.Identifier.Text,
                    PropertyDeclarationSyntax p => p.Identifier.Text,
                    FieldDeclarationSyntax f => f.Declaration.Variables.First().Identifier.Text,
                    _ => "." + type,
                };
                var key = $"{type}.{name}";
                if (!methods.TryGetValue(key, out var info)) methods[key] = info = new MethodInfo(key, source.File, [], []);
                foreach (var site in Sites(source, node, consts, type))
                {
                    info.Sites.Add(site with { Method = key });
                    (sitesByFile.TryGetValue(source.File, out var list) ? list : sitesByFile[source.File] = []).Add(site with { Method = key });
                }
                info.Calls.UnionWith(References(node, type));
            }
        }

        // A call on an instance (state.X(), provider.Y()) is resolved by the method's name when one type only declares a
        // method of that name, and it refuses: a name several types declare (DecideAsync: the write path's extension and a
        // consumer's own) is not guessed.
        var refusingByName = methods.Values.GroupBy(m => m.Key[(m.Key.LastIndexOf('.') + 1)..]).Where(g => g.Count() == 1 && g.Single().Sites.Count > 0)
            .ToDictionary(g => g.Key, g => g.Single().Key);
        IEnumerable<string> Resolve(string call)
        {
            if (methods.ContainsKey(call)) { yield return call; yield break; }
            var name = call[(call.IndexOf('.') + 1)..];
            if (refusingByName.TryGetValue(name, out var key) && (call.StartsWith("?.", StringComparison.Ordinal) || char.IsLower(call[0]))) yield return key;
        }

        var reached = new Dictionary<string, HashSet<RefusalSite>>();
        HashSet<RefusalSite> Reach(string key, HashSet<string> visiting)
        {
            if (reached.TryGetValue(key, out var done)) return done;
            var result = new HashSet<RefusalSite>(methods[key].Sites);
            if (!visiting.Add(key)) return result;
            foreach (var callee in methods[key].Calls.SelectMany(Resolve).Where(c => c != key)) result.UnionWith(Reach(callee, visiting));
            visiting.Remove(key);
            return reached[key] = result;
        }

        var operationsBySite = new Dictionary<RefusalSite, HashSet<Operation>>();
        endpoints = null;
        foreach (var (endpoint, handler, type) in Endpoints(sources))
            foreach (var site in References(handler, type).SelectMany(Resolve).Distinct().SelectMany(k => Reach(k, [])))
            {
                // A read answers only the problems it writes itself; the refusals of decisions come from decisions.
                if (endpoint.HttpMethod == "GET" && !site.Typed) continue;
                (operationsBySite.TryGetValue(site, out var set) ? set : operationsBySite[site] = []).Add(endpoint);
            }
        foreach (var site in sitesByFile.Values.SelectMany(s => s).Where(s => s.Typed))
            foreach (var endpoint in Endpoints(sources).Where(e => e.Handler.DescendantNodes().Any(n => n.GetLocation().GetLineSpan().StartLinePosition.Line + 1 == site.Line && n.SyntaxTree.FilePath.EndsWith(site.File, StringComparison.Ordinal))))
                (operationsBySite.TryGetValue(site, out var set) ? set : operationsBySite[site] = []).Add(endpoint.Operation);

        var allSites = sitesByFile.Values.SelectMany(s => s).ToList();
        return allSites.GroupBy(s => (Service: Area(s), s.Rule))
            .OrderBy(g => ServiceOrder(g.Key.Service)).ThenBy(g => g.Key.Service, StringComparer.Ordinal).ThenBy(g => g.Key.Rule, StringComparer.Ordinal)
            .Select(g => new RuleEntry(g.Key.Service, g.Key.Rule,
                g.Select(s => s.Status).Distinct().Order().ToList(),
                Distinct(g.Select(s => s.LegalSource)),
                Distinct(g.Select(s => s.Next)),
                Distinct(g.Select(s => s.Detail)),
                g.SelectMany(s => operationsBySite.TryGetValue(s, out var ops) ? ops : []).Distinct()
                    .OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.HttpMethod, StringComparer.Ordinal).ThenBy(o => o.Service, StringComparer.Ordinal).ToList(),
                g.Where(s => !operationsBySite.ContainsKey(s)).Select(s => s.Method).Distinct().Order(StringComparer.Ordinal).ToList(),
                g.Count()))
            .ToList();
    }

    /// <summary>What a piece of code calls or names: <c>A.B(…)</c>, <c>B(…)</c> in its own type, method groups (<c>Decide</c>, <c>X.Decide</c>).</summary>
    private static HashSet<string> References(SyntaxNode node, string type)
    {
        var calls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in node.DescendantNodesAndSelf())
            switch (reference)
            {
                case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target } access:
                    calls.Add($"{target.Identifier.Text}.{access.Name.Identifier.Text}");
                    break;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                    calls.Add($"?.{access.Name.Identifier.Text}");
                    break;
                case IdentifierNameSyntax or GenericNameSyntax when reference.Parent is not MemberAccessExpressionSyntax { Name: var n } || n != reference:
                    calls.Add($"{type}.{((SimpleNameSyntax)reference).Identifier.Text}");
                    break;
            }
        return calls;
    }

    private static List<string> Distinct(IEnumerable<string?> values) => values.OfType<string>().Distinct().ToList();

    private static string Area(RefusalSite site) => site.Service.StartsWith("ServiceDefaults", StringComparison.Ordinal) ? "Shared" : site.Service;

    private static int ServiceOrder(string service) => System.Array.IndexOf(["Identification", "Protection", "Return", "Remedies", "JudicialCooperation", "Shared"], service) is var i and >= 0 ? i : 99;

    // ------------------------------------------------------------------------------------------ constants

    private static Dictionary<string, List<(string Type, string Value)>> Constants(List<Source> sources)
    {
        var declared = new List<(string Type, string Name, ExpressionSyntax Value)>();
        foreach (var source in sources)
            foreach (var field in source.Tree.GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>().Where(f => f.Modifiers.Any(SyntaxKind.ConstKeyword)))
                foreach (var variable in field.Declaration.Variables.Where(v => v.Initializer is not null))
                    declared.Add((field.Ancestors().OfType<BaseTypeDeclarationSyntax>().First().Identifier.Text, variable.Identifier.Text, variable.Initializer!.Value));
        var result = new Dictionary<string, List<(string Type, string Value)>>(StringComparer.Ordinal);
        // Constants built from constants: resolve until nothing changes.
        for (var pass = 0; pass < 4; pass++)
            foreach (var (type, name, value) in declared)
                if (Text(value, result, type, holes: false) is { } text)
                {
                    var list = result.TryGetValue(name, out var l) ? l : result[name] = [];
                    list.RemoveAll(c => c.Type == type);
                    list.Add((type, text));
                }
        return result;
    }

    private static string? Constant(Dictionary<string, List<(string Type, string Value)>> consts, string? type, string name, string currentType) =>
        consts.TryGetValue(name, out var candidates)
            ? (candidates.FirstOrDefault(c => c.Type == (type ?? currentType)).Value ?? (type is null && candidates.Count == 1 ? candidates[0].Value : null))
            : null;

    /// <summary>A string expression as text: literals as they are, interpolation holes as {…}, constants resolved; null if it is none of those.</summary>
    private static string? Text(ExpressionSyntax expression, Dictionary<string, List<(string Type, string Value)>> consts, string type, bool holes = true) => expression switch
    {
        LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal => literal.Token.ValueText,
        LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression } => null,
        InterpolatedStringExpressionSyntax interpolated when holes => string.Concat(interpolated.Contents.Select(c => c is InterpolatedStringTextSyntax t ? t.TextToken.ValueText : "{…}")),
        BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add =>
            Text(add.Left, consts, type, holes) is { } left && Text(add.Right, consts, type, holes) is { } right ? left + right : null,
        ParenthesizedExpressionSyntax p => Text(p.Expression, consts, type, holes),
        ConditionalExpressionSyntax c when holes => string.Join(" / ", new[] { c.WhenTrue, c.WhenFalse }.Where(e => !e.IsKind(SyntaxKind.NullLiteralExpression)).Select(e => Text(e, consts, type) ?? "{…}")),
        IdentifierNameSyntax id => Constant(consts, null, id.Identifier.Text, type) ?? (holes ? "{…}" : null),
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner } access => Constant(consts, owner.Identifier.Text, access.Name.Identifier.Text, type) ?? (holes ? "{…}" : null),
        _ => holes ? "{…}" : null,
    };

    // ------------------------------------------------------------------------------------------ refusal sites

    private static IEnumerable<RefusalSite> Sites(Source source, SyntaxNode member, Dictionary<string, List<(string Type, string Value)>> consts, string type)
    {
        foreach (var node in member.DescendantNodes())
        {
            var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            switch (node)
            {
                case BaseObjectCreationExpressionSyntax creation when IsRefusalCreation(creation) && creation.ArgumentList is { Arguments.Count: >= 2 } args:
                {
                    if (FactoryParameters(creation) is not null) break; // a factory (ReturnGates.Closed(rule, …)): its callers are the sites
                    yield return Creation(source, line, args, consts, type, _ => null);
                    break;
                }
                case InvocationExpressionSyntax call when factories.TryGetValue(CalleeName(call), out var factory) && call.ArgumentList.Arguments.Count >= 2
                                                        && !(call.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Refusal" } }):
                {
                    var (parameters, template) = factory;
                    yield return Creation(source, line, template.ArgumentList!, consts, type,
                        e => e is IdentifierNameSyntax id && parameters.IndexOf(id.Identifier.Text) is var i and >= 0
                            ? (i < call.ArgumentList.Arguments.Count ? call.ArgumentList.Arguments[i].Expression : SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression))
                            : null);
                    break;
                }
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Refusal" }, Name.Identifier.Text: "Conflict" } } conflict
                    when conflict.ArgumentList.Arguments.Count >= 2:
                {
                    var args = conflict.ArgumentList;
                    var next = Argument(args, 2, "next", "Next");
                    yield return new RefusalSite(source.Service, source.File, line, Rule(args.Arguments[0].Expression, consts, type), 409, null,
                        next is null ? null : Text(next, consts, type), Text(args.Arguments[1].Expression, consts, type)!, "");
                    break;
                }
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "TypedResults" or "Results" }, Name.Identifier.Text: "Problem" } } problem
                    when Argument(problem.ArgumentList, -1, "type") is { } ruleExpression && Text(ruleExpression, consts, type, holes: false) is not null: // not ToProblem's own type: refusal.Rule
                {
                    var args = problem.ArgumentList;
                    var status = Argument(args, -1, "statusCode") switch
                    {
                        MemberAccessExpressionSyntax s when StatusNumber().Match(s.Name.Identifier.Text) is { Success: true } m => int.Parse(m.Value),
                        LiteralExpressionSyntax l when l.Token.Value is int i => i,
                        _ => 500,
                    };
                    var detail = Argument(args, -1, "detail") is { } d ? Text(d, consts, type)! : Argument(args, -1, "title") is { } t ? Text(t, consts, type)! : "";
                    yield return new RefusalSite(source.Service, source.File, line, Rule(ruleExpression, consts, type), status, null, null, detail, "", Typed: true);
                    break;
                }
            }
        }
    }

    private static RefusalSite Creation(Source source, int line, BaseArgumentListSyntax args, Dictionary<string, List<(string Type, string Value)>> consts, string type,
        Func<ExpressionSyntax, ExpressionSyntax?> substitute)
    {
        ExpressionSyntax? Arg(int position, params string[] names) => Argument(args, position, names) is { } e ? substitute(e) ?? e : null;
        var legal = Arg(2, "LegalSource", "legalSource");
        var kind = Arg(3, "Kind", "kind");
        var next = Arg(4, "Next", "next");
        return new RefusalSite(source.Service, source.File, line, Rule(Arg(0, "Rule", "rule")!, consts, type),
            kind?.ToString().EndsWith("StateConflict", StringComparison.Ordinal) == true ? 409 : 422,
            legal is null ? null : Text(legal, consts, type, holes: false), next is null ? null : Text(next, consts, type),
            Text(Arg(1, "Detail", "detail")!, consts, type)!, "");
    }

    /// <summary>Methods that build a refusal from their parameters (<c>Closed(rule, detail, source) => new(rule, …)</c>), by name.</summary>
    private static Dictionary<string, (List<string> Parameters, BaseObjectCreationExpressionSyntax Template)> factories = [];

    private static void FindFactories(IEnumerable<Source> sources) => factories = sources
        .SelectMany(s => s.Tree.GetRoot().DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>())
        .Where(c => IsRefusalCreation(c) && FactoryParameters(c) is not null)
        .Select(c => (Method: c.Ancestors().OfType<MethodDeclarationSyntax>().First(), Creation: c))
        .Where(f => !(f.Method.Identifier.Text == "Conflict" && f.Method.Ancestors().OfType<BaseTypeDeclarationSyntax>().First().Identifier.Text == "Refusal"))
        .GroupBy(f => f.Method.Identifier.Text)
        .ToDictionary(g => g.Key, g => (g.First().Method.ParameterList.Parameters.Select(p => p.Identifier.Text).ToList(), g.First().Creation));

    private static List<string>? FactoryParameters(BaseObjectCreationExpressionSyntax creation) =>
        creation.ArgumentList?.Arguments.FirstOrDefault()?.Expression is IdentifierNameSyntax rule
        && creation.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault() is { } method
        && method.ParameterList.Parameters.Any(p => p.Identifier.Text == rule.Identifier.Text)
            ? method.ParameterList.Parameters.Select(p => p.Identifier.Text).ToList() : null;

    private static string CalleeName(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.Text,
        SimpleNameSyntax name => name.Identifier.Text,
        _ => "",
    };

    private static bool IsRefusalCreation(BaseObjectCreationExpressionSyntax creation) => creation switch
    {
        ObjectCreationExpressionSyntax { Type: IdentifierNameSyntax { Identifier.Text: "Refusal" } } => true,
        // new(rule, detail, …) where the target is a Refusal: a return type or a declared type named Refusal
        ImplicitObjectCreationExpressionSyntax implicitly => implicitly.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalDeclarationStatementSyntax) switch
        {
            MethodDeclarationSyntax m => m.ReturnType.ToString().TrimEnd('?') == "Refusal",
            LocalDeclarationStatementSyntax l => l.Declaration.Type.ToString().TrimEnd('?') == "Refusal",
            _ => false,
        },
        _ => false,
    };

    private static string Rule(ExpressionSyntax expression, Dictionary<string, List<(string Type, string Value)>> consts, string type) =>
        Text(expression, consts, type, holes: false) ?? $"<{expression}>";

    /// <summary>The argument at <paramref name="position"/> (when positional) or named one of <paramref name="names"/>.</summary>
    private static ExpressionSyntax? Argument(BaseArgumentListSyntax args, int position, params string[] names)
    {
        var named = args.Arguments.FirstOrDefault(a => (a.NameColon?.Name.Identifier.Text) is { } n && names.Contains(n));
        if (named is not null) return named.Expression;
        return position >= 0 && position < args.Arguments.Count && args.Arguments[position].NameColon is null ? args.Arguments[position].Expression : null;
    }

    [GeneratedRegex(@"\d{3}")]
    private static partial Regex StatusNumber();

    // ------------------------------------------------------------------------------------------ endpoints

    private static List<(Operation Operation, InvocationExpressionSyntax Handler, string Type)>? endpoints;

    /// <summary>Every endpoint of the services, as the gateway serves it.</summary>
    public static IReadOnlyList<Operation> AllOperations(string root)
    {
        Read(root);
        return endpoints!.Select(e => e.Operation).Distinct().ToList();
    }

    /// <summary>The endpoints, as the gateway serves them, each with the call that maps it (its handler inside) and the type declaring it.</summary>
    private static List<(Operation Operation, InvocationExpressionSyntax Handler, string Type)> Endpoints(List<Source> sources)
    {
        if (endpoints is not null) return endpoints;
        var declarations = sources.SelectMany(s => s.Tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Select(m => (s.Service, Method: m)))
            .Where(m => m.Method.Identifier.Text.StartsWith("Map", StringComparison.Ordinal)).ToLookup(m => m.Method.Identifier.Text);
        var projects = new Dictionary<string, string>(); // service name → its project's folder under services/

        // Which service maps which Map… method under which group: the MapApi of each …Service.cs, the Map… methods those call
        // on their route group, and UseReferralService (ReferralService.cs) for every service.
        var work = new Queue<(string Service, string Prefix, string Method)>();
        var services = new List<string>();
        foreach (var source in sources)
            foreach (var type in source.Tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                var name = type.BaseList?.Types.OfType<PrimaryConstructorBaseTypeSyntax>().FirstOrDefault(b => b.Type.ToString() == "ReferralService")?
                    .ArgumentList.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax literal ? literal.Token.ValueText : null;
                if (name is null) continue;
                services.Add(name);
                projects[name] = source.Service;
                foreach (var (prefix, method) in MapCalls(type.Members.OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "MapApi")))
                    work.Enqueue((name, $"/api/{name}{prefix}", method));
            }
        foreach (var (_, method) in MapCalls(sources.SelectMany(s => s.Tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()).Single(m => m.Identifier.Text == "UseReferralService")))
            foreach (var service in services) work.Enqueue((service, $"/api/{service}", method));

        var seen = new HashSet<(string, string, string)>();
        endpoints = [];
        while (work.TryDequeue(out var item))
        {
            if (!seen.Add(item)) continue;
            var (service, prefix, _) = item;
            // A service's Map… methods are its own or the shared ones (the same name may exist in another service).
            foreach (var (_, method) in declarations[item.Method].Where(d => d.Service == projects[service] || d.Service.StartsWith("ServiceDefaults", StringComparison.Ordinal)))
            {
                foreach (var (sub, nested) in MapCalls(method)) work.Enqueue((service, prefix + sub, nested));
                var type = method.Ancestors().OfType<BaseTypeDeclarationSyntax>().First().Identifier.Text;
                foreach (var call in method.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (call.Expression is not MemberAccessExpressionSyntax access) continue;
                    var verb = access.Name.Identifier.Text switch
                    {
                        "MapDecision" => "POST",
                        var n when n.StartsWith("Map", StringComparison.Ordinal) && HttpVerbs.Contains(n[3..]) => n[3..].ToUpperInvariant(),
                        _ => null,
                    };
                    if (verb is null || call.ArgumentList.Arguments.FirstOrDefault()?.Expression is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } pattern) continue;
                    var name = access.Name.Identifier.Text == "MapDecision"
                        ? call.ArgumentList.Arguments.Skip(1).Select(a => a.Expression).OfType<LiteralExpressionSyntax>().Select(l => l.Token.ValueText).FirstOrDefault(v => OperationName().IsMatch(v))
                        : call.Ancestors().OfType<InvocationExpressionSyntax>().Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "WithName" })
                            .Select(i => i.ArgumentList.Arguments[0].Expression).OfType<LiteralExpressionSyntax>().Select(l => l.Token.ValueText).FirstOrDefault();
                    var path = (prefix + RouteConstraint().Replace(pattern.Token.ValueText, "}")).TrimEnd('/');
                    endpoints.Add((new Operation(service, name ?? "", verb, path), call, type));
                }
            }
        }
        return endpoints;
    }

    /// <summary>The Map… extension methods called in a MapApi, each with the route group it is called on.</summary>
    private static IEnumerable<(string Prefix, string Method)> MapCalls(MethodDeclarationSyntax mapApi)
    {
        var variables = new Dictionary<string, string>();
        foreach (var declarator in mapApi.DescendantNodes().OfType<VariableDeclaratorSyntax>().Where(v => v.Initializer is not null))
            variables[declarator.Identifier.Text] = Group(declarator.Initializer!.Value, variables) ?? "";
        foreach (var call in mapApi.DescendantNodes().OfType<InvocationExpressionSyntax>())
            if (call.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.Text is var name && name.StartsWith("Map", StringComparison.Ordinal) && name != "MapGroup" && name != "MapDecision" && !HttpVerbs.Contains(name[3..]))
                yield return (Group(access.Expression, variables) ?? "", name);
    }

    private static string? Group(ExpressionSyntax expression, Dictionary<string, string> variables) => expression switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.Text: "MapGroup" } access } call
            when call.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax literal => Group(access.Expression, variables) + literal.Token.ValueText,
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => Group(access.Expression, variables),
        IdentifierNameSyntax id => variables.GetValueOrDefault(id.Identifier.Text, ""),
        _ => "",
    };

    [GeneratedRegex(@":[^}]+\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]+$")]
    private static partial Regex OperationName();

    // ------------------------------------------------------------------------------------------ output

    private static string Markdown(IReadOnlyList<RuleEntry> rules)
    {
        var text = new StringBuilder();
        text.Append("# Refusals\n\n");
        text.Append($"Every \"no\" the services answer, generated from the code by `{Regenerate}` (do not edit by hand; a test fails when\n");
        text.Append("this file is stale). A refusal is a ProblemDetails answer: `type` and `rule` are the rule id, `legalSource` the rule's\n");
        text.Append("source, and `next` — when the remedy is another decision — the request that resolves it, its route values filled in.\n");
        text.Append("409: the case is not in a state that allows the decision; 422: the decision breaks a rule. The same list is in\n");
        text.Append($"[`refusals.json`](refusals.json), and each operation's 409/422 responses in the OpenAPI documents name its rule ids.\n\n");
        text.Append($"{rules.Select(r => r.Rule).Distinct().Count()} rules from {rules.Sum(r => r.Sites)} places in the code; "
            + $"{rules.Where(r => r.Next.Count > 0).Select(r => r.Rule).Distinct().Count()} name the next decision.\n");
        foreach (var service in rules.GroupBy(r => r.Service))
        {
            text.Append($"\n## {service.Key}\n\n");
            text.Append("| Rule | Status | Legal source | What it means | What to do next | Returned by |\n");
            text.Append("|---|---|---|---|---|---|\n");
            foreach (var rule in service)
            {
                var next = rule.Next.Count > 0
                    ? string.Join("<br>", rule.Next.Select(n => string.Join(" or ", n.Split(" / ").Select(one => $"`{one}`"))))
                    : Cell(string.Join(" ", rule.Details.SelectMany(Instructions).Distinct()));
                var operations = rule.Operations.Count > 0
                    ? string.Join("<br>", rule.Operations.Select(o => o.Name.Length > 0 ? $"{o.Name} (`{o}`)" : $"`{o}`"))
                    : "raised in " + string.Join(", ", rule.RaisedIn.Select(m => $"`{m}`"));
                text.Append($"| `{rule.Rule}` | {string.Join(", ", rule.Statuses)} | {Cell(string.Join("; ", rule.LegalSources))} | {Cell(string.Join(" — or — ", rule.Details))} | {next} | {operations} |\n");
            }
        }
        return text.ToString();
    }

    /// <summary>The clauses of a detail that tell the caller what to do ("…: appoint the guardian first." → "appoint the guardian first.").</summary>
    private static IEnumerable<string> Instructions(string detail) => Clause().Split(detail).Select(c => c.Trim())
        .Where(c => Imperative().IsMatch(c)).Select(c => char.ToUpperInvariant(c[0]) + c[1..].TrimEnd('.') + ".");

    [GeneratedRegex(@"(?<=[.:;—])\s+")]
    private static partial Regex Clause();

    [GeneratedRegex(@"^(record|name|say|appoint|withdraw|reopen|assess|notify|acknowledge|renew|send|refuse|conclude|end|use|see|ask|state|refer|give|record|read)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Imperative();

    private static string Cell(string text) => text.Length == 0 ? "—" : text.Replace("|", "\\|").Replace("\r", "").Replace("\n", " ");

    private static string Json(IReadOnlyList<RuleEntry> rules)
    {
        var byRule = new JsonObject();
        foreach (var group in rules.GroupBy(r => r.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
            byRule[group.Key] = new JsonObject
            {
                ["services"] = Array(group.Select(r => r.Service).Distinct()),
                ["status"] = new JsonArray(group.SelectMany(r => r.Statuses).Distinct().Order().Select(s => (JsonNode)s).ToArray()),
                ["legalSource"] = Array(group.SelectMany(r => r.LegalSources).Distinct()),
                ["next"] = Array(group.SelectMany(r => r.Next).Distinct()),
                ["detail"] = Array(group.SelectMany(r => r.Details).Distinct()),
                ["operations"] = Array(group.SelectMany(r => r.Operations).Distinct().Select(o => $"{o.HttpMethod} {o.Path}")),
            };
        var byOperation = new JsonObject();
        foreach (var operation in rules.SelectMany(r => r.Operations.Select(o => (Operation: o, r.Rule))).GroupBy(x => x.Operation)
                     .OrderBy(g => g.Key.Path, StringComparer.Ordinal).ThenBy(g => g.Key.HttpMethod, StringComparer.Ordinal))
            byOperation[operation.Key.ToString()] = new JsonObject
            {
                ["name"] = operation.Key.Name,
                ["rules"] = Array(operation.Select(x => x.Rule).Distinct().Order(StringComparer.Ordinal)),
            };
        var document = new JsonObject
        {
            ["generatedBy"] = Regenerate,
            ["rules"] = byRule,
            ["operations"] = byOperation,
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
