using TransnationalReferral.ServiceDefaults.Http;

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
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("source is missing."));
        Assert.That(problem.GetProperty("errors").GetProperty("source")[0].GetString(), Is.EqualTo("missing"));
        AssertNoDotNet(problem);
    }

    /// <summary>No answer to bad input speaks .NET: no type, namespace or nested type name.</summary>
    private static void AssertNoDotNet(JsonElement problem)
    {
        var text = problem.ToString();
        Assert.That(text, Does.Not.Contain("TransnationalReferral.").And.Not.Contain("System.").And.Not.Contain("Nullable<").And.Not.Contain(".NET"), text);
        Assert.That(text, Does.Not.Match(@"\w\+[A-Z]"), text);
    }

    [Test]
    public async Task An_unknown_enum_value_is_400_naming_the_field()
    {
        var (status, problem) = await PostRaw("""{"source":"the-neighbour","signallingOrganisation":"nl-police","jurisdiction":"NL","sex":"female","ageGroup":"18-24"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").GetProperty("source")[0].GetString(),
            Is.EqualTo("not one of: police, border-guard, labour-inspection, ngo, social-services, health, self-referral, foreign-authority"));
        AssertNoDotNet(problem);
    }

    [Test]
    public async Task A_number_for_an_enum_is_400()
    {
        var (status, problem) = await PostRaw("""{"source":1,"signallingOrganisation":"nl-police","jurisdiction":"NL","sex":"female","ageGroup":"18-24"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").GetProperty("source")[0].GetString(), Does.StartWith("not one of: police, "));
    }

    [Test]
    public async Task Malformed_json_is_400()
    {
        var (status, problem) = await PostRaw("""{"source":"police", "signallingOrganisation": """);
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("title").GetString(), Does.Contain("not valid"));
        Assert.That(problem.GetProperty("errors").GetProperty("body")[0].GetString(), Does.StartWith("malformed JSON at line 1, position "));
        AssertNoDotNet(problem);
    }

    [Test]
    public async Task An_unknown_property_is_400_naming_it()
    {
        var (status, problem) = await PostRaw("""{"source":"police","signallingOrganisation":"nl-police","jurisdiction":"NL","sex":"female","ageGroup":"18-24","victimName":"Jane"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").GetProperty("victimName")[0].GetString(), Does.StartWith("not a field of this request; its fields are: source, signallingOrganisation,"));
        AssertNoDotNet(problem);
    }

    [Test]
    public async Task A_null_in_a_required_field_is_400_naming_it()
    {
        var (status, problem) = await PostRaw("""{"source":"police","signallingOrganisation":null,"jurisdiction":"NL","sex":"female","ageGroup":"18-24"}""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").GetProperty("signallingOrganisation")[0].GetString(), Is.EqualTo("must not be null"));
        AssertNoDotNet(problem);
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
        var (status, problem) = await PostRaw("");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").GetProperty("body")[0].GetString(), Is.EqualTo("missing: send a JSON object"));
        AssertNoDotNet(problem);
    }

    [TestCase("text/plain")]
    [TestCase(null)]
    public async Task A_body_that_is_not_json_is_415_saying_to_send_json(string? contentType)
    {
        using var client = Client();
        var content = new StringContent("""{"source":"police"}""", Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        var response = await client.PostAsync("/api/identification/cases", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Content-Type: application/json"));
    }

    [TestCase("/api/identification/cases?page=many", "page", "not a whole number")]
    [TestCase("/api/identification/cases/search?reflectionExpiringWithinDays=soon", "reflectionExpiringWithinDays", "not a whole number")]
    public async Task A_query_value_that_does_not_read_is_400_naming_the_parameter(string path, string field, string expected)
    {
        using var client = Client();
        var response = await client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty(field)[0].GetString(), Is.EqualTo(expected), problem.ToString());
        AssertNoDotNet(problem);
    }

    [TestCase("06.12.2026")]
    [TestCase("12-31-2026")]
    [TestCase("2026-12-06")]
    public async Task A_case_as_of_an_ambiguous_date_is_400_asking_for_iso_8601(string asOf)
    {
        using var client = Client();
        var (caseId, _) = await OpenCaseAsync(client);
        var response = await client.GetAsync($"/api/identification/cases/{caseId}?asOf={Uri.EscapeDataString(asOf)}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("errors").GetProperty("asOf")[0].GetString(), Is.EqualTo(IsoDates.InstantProblem));
    }
}
