using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Gateway;

/// <summary>
/// <c>dotnet TransnationalReferral.Gateway.dll token --role=FocalPoint --jurisdiction=NL [--organisation=…] [--sub=…] [--hours=8]</c>:
/// prints a bearer token.
/// <list type="bullet">
/// <item>Without <c>--issuer-key</c>: a development token signed with the Development key. Runs only in Development
/// (<c>ASPNETCORE_ENVIRONMENT</c>/<c>DOTNET_ENVIRONMENT</c> = Development, as <c>./build.sh --target=Token</c> sets it):
/// elsewhere it refuses without reading any development file. Refuses without that key.</item>
/// <item>With <c>--issuer-key=&lt;PEM file&gt; --issuer=&lt;iss&gt; [--kid=&lt;key id&gt;] [--audience=…]</c>: an ES256 token of that issuer,
/// signed with that ECDSA P-256 private key, in any environment — whoever holds the issuer's private key can mint its
/// tokens anyway (a node configured with <c>Auth:Issuer</c> + <c>Auth:SigningKeys:{kid}</c>, e.g. deploy/compose). A public
/// key is refused: it cannot sign.</item>
/// </list>
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args)
    {
        var options = args.Select(a => a.TrimStart('-').Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        string Option(string name, string fallback) => options.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : fallback;

        var role = Option("role", Roles.FocalPoint);
        var jurisdiction = Option("jurisdiction", "NL").ToUpperInvariant();
        if (!Roles.All.Contains(role)) { Console.Error.WriteLine($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}"); return 2; }
        if (!Jurisdictions.IsValid(jurisdiction)) { Console.Error.WriteLine($"'{jurisdiction}' is not an ISO 3166-1 alpha-2 code."); return 2; }
        if (!double.TryParse(Option("hours", "8"), System.Globalization.CultureInfo.InvariantCulture, out var hours) || hours <= 0 || hours > 24)
        { Console.Error.WriteLine("--hours must be between 0 and 24."); return 2; }
        var subject = Option("sub", "dev-user");
        var organisation = Option("organisation", "focal-point");

        if (options.ContainsKey("issuer-key")) return MintWithIssuerKey(Option("issuer-key", ""), Option("issuer", ""), Option("kid", ""), Option("audience", DevelopmentTokens.Audience), subject, role, organisation, jurisdiction, TimeSpan.FromHours(hours));

        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        if (!string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"The token command mints development tokens and runs only in Development (ASPNETCORE_ENVIRONMENT=Development); this environment is '{environment}'. " +
                                    "With the issuer's private key (--issuer-key=<PEM file> --issuer=<iss>) it mints that issuer's tokens in any environment.");
            return 2;
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile("appsettings.Development.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var key = configuration["Auth:DevelopmentSigningKey"];
        if (string.IsNullOrWhiteSpace(key))
        {
            Console.Error.WriteLine("No Auth:DevelopmentSigningKey: development tokens exist only in Development.");
            return 2;
        }

        Console.WriteLine(DevelopmentTokens.Mint(key, subject, role, organisation, jurisdiction, TimeSpan.FromHours(hours)));
        return 0;
    }

    /// <summary>An ES256 token as a node configured with <c>Auth:Issuer</c> = <paramref name="issuer"/> and the matching public key accepts it.</summary>
    private static int MintWithIssuerKey(string keyFile, string issuer, string kid, string audience, string subject, string role, string organisation, string jurisdiction, TimeSpan lifetime)
    {
        if (string.IsNullOrWhiteSpace(keyFile) || string.IsNullOrWhiteSpace(issuer))
        {
            Console.Error.WriteLine("--issuer-key=<PEM file> needs --issuer=<the issuer the node is configured with (Auth:Issuer)>.");
            return 2;
        }
        if (!File.Exists(keyFile)) { Console.Error.WriteLine($"--issuer-key: no file '{keyFile}'."); return 2; }
        var pem = File.ReadAllText(keyFile);
        if (!pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"--issuer-key: '{keyFile}' holds no private key (a public key cannot sign): give the issuer's ECDSA P-256 private key (PEM).");
            return 2;
        }
        using var ecdsa = ECDsa.Create();
        try { ecdsa.ImportFromPem(pem); }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            Console.Error.WriteLine($"--issuer-key: '{keyFile}' is not an ECDSA private key in PEM ({e.Message}).");
            return 2;
        }
        if (ecdsa.KeySize != 256) { Console.Error.WriteLine("--issuer-key must be an ECDSA P-256 key (ES256)."); return 2; }

        var credentials = new SigningCredentials(new ECDsaSecurityKey(ecdsa) { KeyId = string.IsNullOrWhiteSpace(kid) ? null : kid }, SecurityAlgorithms.EcdsaSha256);
        var token = DevelopmentTokens.Mint(credentials, issuer, audience, subject, role, organisation, jurisdiction, lifetime);
        Console.WriteLine(token);
        return 0;
    }
}
