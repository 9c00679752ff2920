using System.Text.RegularExpressions;

namespace TransnationalReferral.Identification.Tests;

/// <summary>
/// Every relative link in README.md and docs/*.md leads somewhere: the file exists (from the linking file's folder) and
/// an <c>#anchor</c> names a heading of the file it points to, as GitHub makes anchors from headings.
/// </summary>
public partial class DocumentationLinks
{
    /// <summary>Written by a generator (tools/), not by hand: a link to one is checked once the file exists.</summary>
    private static readonly string[] Generated = ["docs/refusals.md"];

    private static readonly string Root = BrokerAdmin.RepositoryRoot();

    public static IEnumerable<string> Documents() =>
        new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).Order());

    [TestCaseSource(nameof(Documents))]
    public void Every_relative_link_and_anchor_resolves(string document)
    {
        var path = Path.Combine(Root, document);
        var broken = new List<string>();
        foreach (var target in Links(File.ReadAllText(path)))
        {
            if (Regex.IsMatch(target, "^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)) continue; // http:, https:, mailto:
            var hash = target.IndexOf('#');
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            var relative = Path.GetRelativePath(Root, resolved).Replace('\\', '/');
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                if (!Generated.Contains(relative)) broken.Add($"{target}: no file {relative}");
                continue;
            }
            if (anchor is not null && File.Exists(resolved) && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(resolved)).Contains(anchor))
                broken.Add($"{target}: no heading makes #{anchor} in {relative}");
        }
        Assert.That(broken, Is.Empty, $"broken links in {document}");
    }

    [Test]
    public void Anchors_are_made_as_GitHub_makes_them()
    {
        Assert.That(Slug("Audit: timelines, state as of any instant, tamper evidence, exports, rebuilds"), Is.EqualTo("audit-timelines-state-as-of-any-instant-tamper-evidence-exports-rebuilds"));
        Assert.That(Slug("Which cases a caller sees (object-level authorization)"), Is.EqualTo("which-cases-a-caller-sees-object-level-authorization"));
        Assert.That(Slug("The `ETag` — and If-Match"), Is.EqualTo("the-etag--and-if-match"));
    }

    /// <summary>The targets of inline links <c>[text](target)</c> outside code blocks and code spans.</summary>
    private static IEnumerable<string> Links(string markdown) =>
        OutsideCode(markdown).SelectMany(line => LinkPattern().Matches(line).Select(m => m.Groups[1].Value));

    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>();
        var seen = new Dictionary<string, int>();
        foreach (var line in OutsideCode(markdown, keepCodeSpans: true))
        {
            var heading = HeadingPattern().Match(line);
            if (!heading.Success) continue;
            var slug = Slug(heading.Groups[1].Value);
            anchors.Add(seen.TryGetValue(slug, out var n) ? $"{slug}-{n}" : slug);
            seen[slug] = n + 1;
        }
        return anchors;
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped (letters, digits, '-', '_' and spaces kept), spaces to '-'.</summary>
    private static string Slug(string heading) =>
        new string(heading.Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ').ToArray()).Replace(' ', '-');

    private static IEnumerable<string> OutsideCode(string markdown, bool keepCodeSpans = false)
    {
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { fenced = !fenced; continue; }
            if (!fenced) yield return keepCodeSpans ? line : CodeSpan().Replace(line, "");
        }
    }

    [GeneratedRegex(@"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();
}
