using Marten;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.ServiceDefaults.Cases;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>
/// A caller is named by sub, role, organisation and jurisdiction: a token without one of them is refused by every
/// service and by the gateway (never defaulted to "unknown"), and no case is ever registered under a placeholder owner.
/// </summary>
public class IncompleteTokenTests : NodeFixture
{
    private IEnumerable<(string Target, Uri Address, string Path)> Targets() =>
        Node.Services.Select(s => ($"{s.Key} (direct)", s.Value, $"/api/{s.Key}/cases/{Guid.NewGuid()}"))
            .Concat(Node.Services.Keys.Select(s => ($"gateway → {s}", Node.Gateway, $"/api/{s}/cases/{Guid.NewGuid()}")));

    private static async Task<HttpStatusCode> GetAsync(Uri address, string path, string token)
    {
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync(path)).StatusCode;
    }

    [TestCaseSource(typeof(TestTokens), nameof(TestTokens.CallerClaimCases), new object[] { "A_token_without_{0}_is_401_at_every_service_and_through_the_gateway" })]
    public async Task A_token_without_a_caller_claim_is_401(string claim)
    {
        var without = TestTokens.CompleteClaims(Roles.FocalPoint);
        without.Remove(claim);
        var blank = TestTokens.CompleteClaims(Roles.FocalPoint);
        blank[claim] = " ";
        var complete = TestTokens.WithClaims(TestTokens.CompleteClaims(Roles.FocalPoint));

        foreach (var (target, address, path) in Targets())
        {
            Assert.That(await GetAsync(address, path, complete), Is.Not.EqualTo(HttpStatusCode.Unauthorized), $"{target}: positive control, a complete token passes");
            Assert.That(await GetAsync(address, path, TestTokens.WithClaims(without)), Is.EqualTo(HttpStatusCode.Unauthorized), $"{target}: a token without {claim}");
            Assert.That(await GetAsync(address, path, TestTokens.WithClaims(blank)), Is.EqualTo(HttpStatusCode.Unauthorized), $"{target}: a token with a blank {claim}");
        }
    }

    [Test]
    public async Task Two_callers_with_one_Idempotency_Key_each_get_their_own_decision()
    {
        var key = Guid.NewGuid().ToString();
        var caseIds = new List<Guid>();
        foreach (var subject in new[] { "worker-a", "worker-b" })
        {
            using var client = Node.Client(Roles.CaseWorker, "NL", "nl-ngo-a", subject);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/identification/cases")
            {
                Content = JsonContent.Create(new { source = "ngo", signallingOrganisation = "nl-ngo-a", jurisdiction = "NL", sex = "female", ageGroup = "25-34" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            Assert.That(response.Headers.Contains("Idempotent-Replayed"), Is.False, $"{subject}'s request is not answered with another caller's decision");
            caseIds.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caseId").GetGuid());
        }
        Assert.That(caseIds.Distinct().Count(), Is.EqualTo(2), "each caller's key lives in its own namespace");
    }

    [Test]
    public async Task A_case_opening_without_an_owner_is_dead_lettered_and_never_registered_under_a_placeholder()
    {
        var caseId = Guid.NewGuid();
        var ownerless = new IdentificationCaseOpened(caseId, Guid.NewGuid(), "NL", SignalSources.Police, "female", "25-34", ChildStatuses.Adult, DateTimeOffset.UtcNow, OwnerOrganisation: null);
        await Node.Providers["protection"].GetRequiredService<IBus>().Publish(ownerless, c => c.MessageId = NewId.NextGuid());

        var dead = new List<string>();
        foreach (var service in new[] { "protection", "return", "remedies", "judicial" })
        {
            var queue = $"{service}-identification-case-opened_error";
            await Eventually.TrueAsync($"{service}'s case register dead-letters the ownerless opening", async () => await Node.Bus.MessagesInQueueAsync(queue) > 0, TimeSpan.FromSeconds(30));
            dead.AddRange(await Node.Bus.DrainAsync(queue));
            await using var session = Node.Providers[service].GetRequiredService<IDocumentStore>().QuerySession();
            Assert.That(await session.LoadAsync<RegisteredCase>(caseId), Is.Null, $"{service} registered no case without an owner");
            Assert.That(await session.Query<RegisteredCase>().AnyAsync(c => c.OwnerOrganisation == "unknown"), Is.False, $"{service} stores no 'unknown' owner");
        }
        Assert.That(dead, Has.All.Contains("names no owner organisation"), "the error queue says why");

        using var unknown = Node.Client(Roles.CaseWorker, "NL", "unknown");
        Assert.That((await unknown.GetAsync($"/api/protection/cases/{caseId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
