using System.Net.Http.Headers;
using TransnationalReferral.ServiceDefaults.Security;

namespace TransnationalReferral.Testing;

/// <summary>Development tokens for tests, signed with the key the hosted services are given.</summary>
public static class TestTokens
{
    public const string SigningKey = "trm-test-signing-key-only-for-tests-0123456789abcdef";

    /// <summary>The vault master key the hosted Identification service gets in tests (32 bytes, base64).</summary>
    public const string VaultMasterKey = "dHJtLXRlc3QtbWFzdGVyLWtleS0zMi1ieXRlcy1vayE=";

    public static string For(string role, string jurisdiction = "NL", string organisation = "nl-focal-point", string subject = "test-user") =>
        DevelopmentTokens.Mint(SigningKey, subject, role, organisation, jurisdiction, TimeSpan.FromHours(1));

    public static HttpClient Authorize(this HttpClient client, string role, string jurisdiction = "NL", string organisation = "nl-focal-point", string subject = "test-user")
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(role, jurisdiction, organisation, subject));
        return client;
    }
}
