using Microsoft.Playwright;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// The built-in ops page in a real browser: Debian's headless Chromium (installed by the build, deploy/local/tools.sh)
/// driven by Playwright for .NET — no browser download. A coordinator signs in with a development token; the tiles show
/// the figures of a scripted set of decisions; an identification-assistance request appears as overdue once its
/// deadline passes, without reloading; a screenshot is attached to the test result.
/// </summary>
public class OpsPageBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Test]
    public async Task A_coordinator_sees_live_figures_and_an_overdue_request_appear_on_the_ops_page()
    {
        if (!File.Exists(Chromium)) Assert.Fail($"{Chromium} is not installed: run deploy/local/tools.sh (apt-get install chromium); ./build.sh --target=Test does.");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var node = await Node.StartAsync(b => b.UseSetting("Ops:RefreshSeconds", "0.3").UseSetting("Statistics:MinimumCellSize", "1") // k = 1: these tests read single cases back (MetricsSuppressionTests holds k)
            .ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        var script = await ScriptedDecisions.RunAsync(node);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);
        page.Response += (_, r) => { if (r.Status >= 400) problems.Add($"{r.Status} {r.Url}"); };

        var response = await page.GotoAsync(new Uri(node.Gateway, "/ops?refresh=1").ToString());
        Assert.That(response!.Status, Is.EqualTo(200));
        Assert.That(await response.HeaderValueAsync("content-security-policy"), Does.Contain("script-src 'self'").And.Not.Contain("unsafe-inline'; script"));
        await page.GetByLabel("Token").FillAsync(TestTokens.For("FocalPoint", "NL", "nl-focal-point", "coordinator-1"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        ILocator Tile(string id) => page.Locator($"[data-tile='{id}'] .value");
        var expected = new Dictionary<string, string>
        {
            ["identification-cases"] = "3",
            ["presumed-victims"] = "1",
            ["reflection-running"] = "1",
            ["reflection-ending"] = "0",
            ["referrals-awaiting"] = "1",
            ["referrals-overdue"] = "0",
            ["cross-border-awaiting"] = "1",
            ["cross-border-overdue"] = "0",
            ["returns-preparing"] = "1",
            ["claims"] = "1",
            ["compensation-awarded"] = "EUR 9,600.00",
            ["compensation-paid"] = "EUR 3,600.00",
            ["compensation-outstanding"] = "EUR 6,000.00",
            ["judicial-requests"] = "1",
        };
        foreach (var (tile, value) in expected)
            await Assertions.Expect(Tile(tile)).ToHaveTextAsync(value, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#overdue tbody")).ToContainTextAsync("Nothing overdue.");
        await Assertions.Expect(page.Locator("#chart-stages [data-bar='presumed-victim'] .n")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#chart-gates [data-bar='return-needs-risk-assessment'] .n")).ToHaveTextAsync("1");
        // The scripted run's two unusable case-opened messages, in the _error queue of Protection's one consumer of case-opened.
        await Assertions.Expect(page.Locator("#health tr[data-service='protection'] [data-errors]")).ToHaveTextAsync("2", new() { Timeout = 20_000 });

        // Six days later the request to Romania (due in 5) is overdue: it appears without a reload.
        clock.Advance(TimeSpan.FromDays(6));
        var overdue = page.Locator("#overdue tr[data-overdue='identification-assistance']");
        await Assertions.Expect(overdue).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(overdue.Locator("a[data-case]")).ToHaveTextAsync(script.Informed.ToString());
        await Assertions.Expect(overdue).ToContainTextAsync("RO");
        await Assertions.Expect(Tile("cross-border-overdue")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-tile='cross-border-overdue']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("alert"));

        // The coordinator opens the case from its id.
        await overdue.Locator("a[data-case]").ClickAsync();
        await Assertions.Expect(page.Locator("#case-body")).ToContainTextAsync(script.Informed.ToString());

        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "ops-page.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        TestContext.AddTestAttachment(screenshot, "The ops page as a FocalPoint sees it after the scripted decisions, with the overdue identification-assistance request");
        // The ops team (role Ops) sees the same figures and the ids, never the case; a case worker is not let in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByLabel("Token").FillAsync(TestTokens.For("Ops", "NL", "nl-ops", "ops-1"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Tile("cross-border-overdue")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("Ops");
        await Assertions.Expect(page.Locator("#case-details")).ToBeHiddenAsync(); // nothing of the focal point's session stays for the next user
        await Assertions.Expect(page.Locator("#case-body")).ToBeEmptyAsync();
        await overdue.Locator("a[data-case]").ClickAsync();
        await Assertions.Expect(page.Locator("#case-body")).ToHaveTextAsync("Your role sees ids only: ask the focal point for the case.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByLabel("Token").FillAsync(TestTokens.For("CaseWorker", "NL", "nl-la-strada", "worker-1"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("This role may not see the operations figures (Ops or FocalPoint).");
        await Assertions.Expect(page.Locator("#dashboard")).ToBeHiddenAsync();

        Assert.That(problems.Where(p => !p.Contains("403", StringComparison.Ordinal) && !p.Contains("status of 403", StringComparison.Ordinal)), Is.Empty,
            "no script errors or blocked resources in the page (the 403s are the refusals checked above)");
    }
}
