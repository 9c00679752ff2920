namespace TransnationalReferral.Testing;

/// <summary>Reading a refusal's answer (docs/refusals.md): its rule and the <c>next</c> decision that resolves it.</summary>
public static class Refusals
{
    /// <summary>Asserts that <paramref name="response"/> refuses with <paramref name="rule"/> and names <paramref name="next"/>; returns next's path.</summary>
    public static async Task<string> AssertNextAsync(HttpResponseMessage response, string rule, string next)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("rule").GetString(), Is.EqualTo(rule), problem.GetRawText());
        Assert.That(problem.TryGetProperty("next", out var named), Is.True, $"{rule} names the decision that resolves it: {problem.GetRawText()}");
        Assert.That(named.GetString(), Is.EqualTo(next));
        Assert.That(next, Does.StartWith("POST /api/"));
        return next["POST ".Length..];
    }
}
