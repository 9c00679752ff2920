extern alias Gateway;
using Microsoft.IdentityModel.JsonWebTokens;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>Tokens the gateway and the services accept, and the ones they refuse.</summary>
public class TokenTests
{
    private ServiceHost<Gateway::Program> _gateway = null!;
    private Uri _address = null!;

    [OneTimeSetUp]
    public void Start()
    {
        // Downstream addresses are never reached: every request here is refused at the gateway.
        _gateway = new ServiceHost<Gateway::Program>(new[] { "identification", "protection", "return", "remedies", "judicial" }
            .ToDictionary(s => $"Services:{s}", _ => (string?)"http://127.0.0.1:9"));
        _address = _gateway.Start();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _gateway.DisposeAsync();

    private async Task<HttpStatusCode> GetWith(string? token)
    {
        using var client = new HttpClient { BaseAddress = _address };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/identification/cases/7f1b6a53-2a56-4a57-9a49-1c1c3f1d2e01")).StatusCode;
    }

    [Test]
    public async Task An_expired_token_is_401() =>
        Assert.That(await GetWith(TestTokens.WithClaims(TestTokens.CompleteClaims(Roles.FocalPoint, "NL", "o", "u"), now: DateTimeOffset.UtcNow.AddHours(-2), lifetime: TimeSpan.FromMinutes(5))),
            Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public async Task A_token_with_alg_none_is_401()
    {
        var unsigned = new JsonWebTokenHandler().CreateToken(
            """{"sub":"u","role":"FocalPoint","organisation":"o","jurisdiction":"NL","iss":"trm-development","aud":"transnational-referral","exp":4102444800}""");
        Assert.That(unsigned.Split('.')[2], Is.Empty, "an unsigned token");
        Assert.That(await GetWith(unsigned), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("someone-else", DevelopmentTokens.Audience, TestName = "A_token_from_another_issuer_is_401")]
    [TestCase(TestTokens.Issuer, "another-api", TestName = "A_token_for_another_audience_is_401")]
    public async Task A_token_with_the_wrong_issuer_or_audience_is_401(string issuer, string audience) =>
        Assert.That(await GetWith(TestTokens.WithClaims(TestTokens.CompleteClaims(Roles.FocalPoint, "NL", "o", "u"), issuer, audience)), Is.EqualTo(HttpStatusCode.Unauthorized));

    /// <summary>The development key as the repository ships it (the gateway's appsettings.Development.json).</summary>
    internal static string ShippedDevelopmentKey()
    {
        var file = Path.Combine(Path.GetDirectoryName(typeof(Gateway::Program).Assembly.Location)!, "appsettings.Development.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.GetProperty("Auth").GetProperty("DevelopmentSigningKey").GetString()!;
    }

    [Test]
    public async Task A_token_signed_with_the_development_key_is_401_in_Testing()
    {
        var developmentToken = DevelopmentTokens.Mint(ShippedDevelopmentKey(), "u", Roles.FocalPoint, "nl-focal-point", "NL", TimeSpan.FromHours(1));
        Assert.That(await GetWith(developmentToken), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await GetWith(DevelopmentTokens.Mint(TestTokens.SigningKey, "u", Roles.FocalPoint, "nl-focal-point", "NL", TimeSpan.FromHours(1))), Is.EqualTo(HttpStatusCode.Unauthorized),
            "no HMAC development token at all");
    }

    [Test]
    public async Task A_token_signed_with_the_development_key_is_401_in_Production()
    {
        await using var production = new ServiceHost<Gateway::Program>(new[] { "identification", "protection", "return", "remedies", "judicial" }
            .ToDictionary(s => $"Services:{s}", _ => (string?)"http://127.0.0.1:9").Append(new("Metrics:Token", "scrape-token")).ToDictionary(), builder => builder.UseEnvironment("Production"));
        using var client = new HttpClient { BaseAddress = production.Start() };
        async Task<HttpStatusCode> With(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identification/cases/7f1b6a53-2a56-4a57-9a49-1c1c3f1d2e01");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return (await client.SendAsync(request)).StatusCode;
        }
        Assert.That(await With(TestTokens.For(Roles.FocalPoint)), Is.Not.EqualTo(HttpStatusCode.Unauthorized), "positive control: the configured issuer's token passes");
        Assert.That(await With(DevelopmentTokens.Mint(ShippedDevelopmentKey(), "u", Roles.FocalPoint, "nl-focal-point", "NL", TimeSpan.FromHours(1))), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_valid_token_passes_the_gateway_positive_control() =>
        Assert.That(await GetWith(TestTokens.For(Roles.FocalPoint)), Is.Not.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public void Outside_Development_a_gateway_without_an_OIDC_authority_refuses_to_start()
    {
        // Neither an OIDC authority nor a configured issuer (the test hosts' own issuer removed).
        using var production = new ServiceHost<Gateway::Program>(new Dictionary<string, string?> { ["Services:identification"] = "http://127.0.0.1:9", ["Auth:Issuer"] = "", ["Metrics:Token"] = "scrape-token" },
            builder => builder.UseEnvironment("Production"));
        var error = Assert.Catch(() => production.Start());
        Assert.That(error!.ToString(), Does.Contain("Auth:Authority"));
    }

    // The downstream services are unreachable here: a 401 is the gateway's own refusal, not a service's answer passed through.
    [TestCaseSource(typeof(TestTokens), nameof(TestTokens.CallerClaimCases), new object[] { "The_gateway_itself_refuses_a_token_without_{0}" })]
    public async Task The_gateway_itself_refuses_an_incomplete_token(string claim)
    {
        var claims = TestTokens.CompleteClaims(Roles.FocalPoint);
        claims.Remove(claim);
        Assert.That(await GetWith(TestTokens.WithClaims(claims)), Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Garbage_is_401() => Assert.That(await GetWith("not-a-token"), Is.EqualTo(HttpStatusCode.Unauthorized));

    [Test]
    public void The_token_command_prints_a_signed_token_with_role_organisation_and_jurisdiction()
    {
        var gatewayDll = typeof(Gateway::Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [gatewayDll, "token", "--role=Auditor", "--jurisdiction=be", "--organisation=be-myria", "--sub=auditor-9"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(gatewayDll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit(30_000);

        Assert.That(process.ExitCode, Is.EqualTo(0), process.StandardError.ReadToEnd());
        var token = new JsonWebToken(output);
        Assert.That(token.GetClaim("role").Value, Is.EqualTo("Auditor"));
        Assert.That(token.GetClaim("jurisdiction").Value, Is.EqualTo("BE"));
        Assert.That(token.GetClaim("organisation").Value, Is.EqualTo("be-myria"));
        Assert.That(token.Subject, Is.EqualTo("auditor-9"));
        Assert.That(token.Issuer, Is.EqualTo(DevelopmentTokens.Issuer));
    }

    [Test]
    public void The_token_command_refuses_an_unknown_role()
    {
        var gatewayDll = typeof(Gateway::Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [gatewayDll, "token", "--role=Admin"]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(gatewayDll)! };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit(30_000);
        Assert.That(process.ExitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Unknown role"));
    }

    [TestCase("Production", TestName = "The_token_command_refuses_in_Production_without_reading_the_development_file")]
    [TestCase("Testing", TestName = "The_token_command_refuses_in_Testing_without_reading_the_development_file")]
    public void The_token_command_refuses_outside_Development(string environment)
    {
        var gatewayDll = typeof(Gateway::Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [gatewayDll, "token", "--role=FocalPoint"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(gatewayDll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit(30_000);
        Assert.That(process.ExitCode, Is.EqualTo(2), output + error);
        Assert.That(output.Trim(), Is.Empty, "no token printed");
        Assert.That(error, Does.Contain("only in Development").And.Contain(environment));
    }

    // ---- --issuer-key: the issuer's ES256 tokens in any environment (deploy/compose mints the walk-through's tokens so) ----

    private static (int Exit, string Output, string Error) TokenCommand(string environment, params string[] arguments)
    {
        var gatewayDll = typeof(Gateway::Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [gatewayDll, "token", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(gatewayDll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit(30_000);
        return (process.ExitCode, output.Trim(), error);
    }

    [Test]
    public async Task The_token_command_mints_an_issuers_ES256_token_in_Production_that_a_node_trusting_that_issuer_accepts()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var keyFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
            var (exit, output, error) = TokenCommand("Production", $"--issuer-key={keyFile}", "--issuer=trm-node-test", "--kid=node-1",
                "--role=Auditor", "--jurisdiction=be", "--organisation=be-myria", "--sub=auditor-9");
            Assert.That(exit, Is.EqualTo(0), error);

            var token = new JsonWebToken(output);
            Assert.That(token.Alg, Is.EqualTo("ES256"));
            Assert.That(token.Kid, Is.EqualTo("node-1"));
            Assert.That(token.Issuer, Is.EqualTo("trm-node-test"));
            Assert.That(token.GetClaim("role").Value, Is.EqualTo("Auditor"));
            Assert.That(token.GetClaim("jurisdiction").Value, Is.EqualTo("BE"));
            Assert.That(token.GetClaim("organisation").Value, Is.EqualTo("be-myria"));
            Assert.That(token.Subject, Is.EqualTo("auditor-9"));

            // A gateway in Production that trusts this issuer and its public key lets the token through; one that trusts
            // only the test run's issuer refuses it.
            await using var node = new ServiceHost<Gateway::Program>(new Dictionary<string, string?>
            {
                ["Services:identification"] = "http://127.0.0.1:9",
                ["Auth:Issuer"] = "trm-node-test",
                ["Auth:SigningKeys:node-1"] = key.ExportSubjectPublicKeyInfoPem(),
            }, builder => builder.UseEnvironment("Production"));
            using var client = new HttpClient { BaseAddress = node.Start() };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/identification/cases/7f1b6a53-2a56-4a57-9a49-1c1c3f1d2e01");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", output);
            Assert.That((await client.SendAsync(request)).StatusCode, Is.Not.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await GetWith(output), Is.EqualTo(HttpStatusCode.Unauthorized), "a node trusting another issuer refuses it");
        }
        finally { File.Delete(keyFile); }
    }

    [Test]
    public void The_token_command_refuses_a_public_key_as_issuer_key()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var keyFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(keyFile, key.ExportSubjectPublicKeyInfoPem());
            var (exit, output, error) = TokenCommand("Production", $"--issuer-key={keyFile}", "--issuer=trm-node-test", "--role=FocalPoint");
            Assert.That(exit, Is.EqualTo(2), output + error);
            Assert.That(output, Is.Empty, "no token printed");
            Assert.That(error, Does.Contain("no private key"));
        }
        finally { File.Delete(keyFile); }
    }

    [Test]
    public void The_token_command_with_an_issuer_key_needs_the_issuer()
    {
        var (exit, output, error) = TokenCommand("Production", "--issuer-key=/nonexistent.pem", "--role=FocalPoint");
        Assert.That(exit, Is.EqualTo(2), output + error);
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("--issuer="));
    }
}
