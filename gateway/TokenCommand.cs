using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Gateway;

/// <summary>
/// <c>dotnet TransnationalReferral.Gateway.dll token --role=FocalPoint --jurisdiction=NL [--organisation=…] [--sub=…] [--hours=8]</c>:
/// prints a development bearer token signed with the Development key. Runs only in Development
/// (<c>ASPNETCORE_ENVIRONMENT</c>/<c>DOTNET_ENVIRONMENT</c> = Development, as <c>./build.sh --target=Token</c> sets it):
/// elsewhere it refuses without reading any development file. Refuses without that key.
/// </summary>
public static class TokenCommand
{
    public static int Run(string[] args)
    {
        var options = args.Select(a => a.TrimStart('-').Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        string Option(string name, string fallback) => options.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : fallback;

        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        if (!string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"The token command mints development tokens and runs only in Development (ASPNETCORE_ENVIRONMENT=Development); this environment is '{environment}'.");
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

        var role = Option("role", Roles.FocalPoint);
        var jurisdiction = Option("jurisdiction", "NL").ToUpperInvariant();
        if (!Roles.All.Contains(role)) { Console.Error.WriteLine($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}"); return 2; }
        if (!Jurisdictions.IsValid(jurisdiction)) { Console.Error.WriteLine($"'{jurisdiction}' is not an ISO 3166-1 alpha-2 code."); return 2; }
        if (!double.TryParse(Option("hours", "8"), System.Globalization.CultureInfo.InvariantCulture, out var hours) || hours <= 0 || hours > 24)
        { Console.Error.WriteLine("--hours must be between 0 and 24."); return 2; }

        Console.WriteLine(DevelopmentTokens.Mint(key, Option("sub", "dev-user"), role, Option("organisation", "focal-point"), jurisdiction, TimeSpan.FromHours(hours)));
        return 0;
    }
}
