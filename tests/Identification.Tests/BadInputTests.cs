
namespace TransnationalReferral.Identification.Tests;

/// <summary>Bad input to the first slice gets a 4xx ProblemDetails that names what was wrong — never a 500.</summary>
public class BadInputTests : IdentificationApiFixture
{
    private async Task<(HttpStatusCode Status, JsonElement Problem)> PostRaw(string json)
    {
        using var client = Client();
        var response = await client.PostAsync("/api/identification/cases", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), await response.Content.ReadAsStringAsync());
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string ErrorsOf(JsonElement problem) => problem.TryGetProperty("errors", out var errors) ? errors.ToString() : "";

    [Test]
    public async Task A_missing_field_is_400_naming_the_field()
    {
        var (status, problem) = await PostRaw("""{"signallingOrganisation":"nl-police","jurisdiction":"NL","sex":"female","ageGroup":"18-24"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("detail").GetString() + ErrorsOf(problem), Does.Contain("source"));
    }

    [Test]
    public async Task An_unknown_enum_value_is_400_naming_the_field()
    {
        var (status, problem) = await PostRaw("""{"source":"the-neighbour","signallingOrganisation":"nl-police","jurisdiction":"NL","sex":"female","ageGroup":"18-24"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(ErrorsOf(problem), Does.Contain("source"));
    }

    [Test]
    public async Task A_number_for_an_enum_is_400()
    {
        var (status, problem) = await PostRaw("""{"source":1,"signallingOrganisation":"nl-police","jurisdiction":"NL","sex":"female","ageGroup":"18-24"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(ErrorsOf(problem), Does.Contain("source"));
    }

    [Test]
    public async Task Malformed_json_is_400()
    {
        var (status, problem) = await PostRaw("""{"source":"police", "signallingOrganisation": """);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("title").GetString(), Does.Contain("not valid"));
    }

    [Test]
    public async Task An_unknown_property_is_400_naming_it()
    {
        var (status, problem) = await PostRaw("""{"source":"police","signallingOrganisation":"nl-police","jurisdiction":"NL","sex":"female","ageGroup":"18-24","victimName":"Jane"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("detail").GetString() + ErrorsOf(problem), Does.Contain("victimName"));
    }

    [Test]
    public async Task A_null_in_a_required_field_is_400_naming_it()
    {
        var (status, problem) = await PostRaw("""{"source":"police","signallingOrganisation":null,"jurisdiction":"NL","sex":"female","ageGroup":"18-24"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("detail").GetString() + ErrorsOf(problem), Does.Contain("signallingOrganisation"));
    }

    [Test]
    public async Task An_invalid_jurisdiction_and_an_oversized_field_are_400_naming_them()
    {
        var (status, problem) = await PostRaw($$"""{"source":"police","signallingOrganisation":"{{new string('o', 500)}}","jurisdiction":"Netherlands","sex":"female","ageGroup":"18-24"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = problem.GetProperty("errors");
        Assert.That(errors.TryGetProperty("jurisdiction", out _), Is.True, errors.ToString());
        Assert.That(errors.TryGetProperty("signallingOrganisation", out _), Is.True, errors.ToString());
    }

    [Test]
    public async Task An_oversized_body_is_413_problem_details()
    {
        var (status, problem) = await PostRaw($$"""{"source":"police","signallingOrganisation":"nl-police","jurisdiction":"NL","sex":"female","ageGroup":"18-24","reasons":"{{new string('x', 100_000)}}"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(problem.ToString(), Does.Contain("too large"));
    }

    [Test]
    public async Task An_empty_body_is_400()
    {
        var (status, _) = await PostRaw("");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
