using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.Http;

namespace TransnationalReferral.Identification.Tests;

/// <summary>
/// What a 400 says about a body that does not read (issue 22): the field as the JSON spells it and what is wrong, in
/// the caller's words — never a .NET type or member. Pure: the API's JSON options and the mapping, no host.
/// </summary>
public class InputProblemsTests
{
    public enum Colour { DarkRed, Green }

    public sealed record Item(Colour Kind, int Count, DateOnly? Due = null);

    public sealed record Plan(IReadOnlyList<Item> Items, string Name);

    public sealed record Request(string Source, Colour? Colour, Plan? Plan = null, DateTimeOffset? At = null, IReadOnlyList<Colour>? Colours = null, bool Urgent = false);

    private static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        HttpDefaults.ConfigureJson(options);
        return options;
    }

    private static IReadOnlyList<InputProblems.FieldProblem> ProblemsOf(string json)
    {
        var thrown = Assert.Throws(Is.InstanceOf<JsonException>(), () => JsonSerializer.Deserialize<Request>(json, Options));
        var problems = InputProblems.FromJson((JsonException)thrown!, typeof(Request), Options);
        var said = InputProblems.Detail(problems) + string.Join(" ", problems.Select(p => p.Problem));
        Assert.That(said, Does.Not.Contain("TransnationalReferral").And.Not.Contain("System.").And.Not.Contain("Nullable").And.Not.Contain(".NET").And.Not.Contain("+"), said);
        return problems;
    }

    private static string ProblemAt(string json, string field)
    {
        var problems = ProblemsOf(json);
        Assert.That(problems.Select(p => p.Field), Does.Contain(field), string.Join("; ", problems));
        return problems.First(p => p.Field == field).Problem;
    }

    [Test]
    public void A_missing_property_is_missing() =>
        Assert.That(ProblemAt("""{"colour":"green"}""", "source"), Is.EqualTo("missing"));

    [Test]
    public void A_missing_property_of_a_nested_object_is_named_by_its_path()
    {
        var problems = ProblemsOf("""{"source":"x","colour":null,"plan":{"name":"p","items":[{"count":1}]}}""");
        Assert.That(problems, Has.Some.EqualTo(new InputProblems.FieldProblem("plan.items[0].kind", "missing")), string.Join("; ", problems));
    }

    [Test]
    public void The_detail_says_what_is_missing() =>
        Assert.That(InputProblems.Detail(ProblemsOf("""{"colour":"green"}""")), Is.EqualTo("source is missing."));

    [Test]
    public void An_unknown_member_is_not_a_field_and_the_fields_are_listed()
    {
        var problem = ProblemAt("""{"source":"x","colour":null,"victimName":"Jane"}""", "victimName");
        Assert.That(problem, Does.StartWith("not a field of this request").And.Contain("source, colour, plan, at, colours, urgent"));
    }

    [Test]
    public void An_unknown_member_of_a_nested_object_lists_that_objects_fields() =>
        Assert.That(ProblemAt("""{"source":"x","colour":null,"plan":{"name":"p","items":[],"extra":1}}""", "plan.extra"), Does.EndWith("items, name"));

    [TestCase("""{"source":"x","colour":"dark_red"}""", "colour", TestName = "An_enum_typo_lists_every_code")]
    [TestCase("""{"source":"x","colour":1}""", "colour", TestName = "A_number_for_an_enum_lists_every_code")]
    [TestCase("""{"source":"x","colour":null,"colours":["green","blue"]}""", "colours[1]", TestName = "An_enum_typo_in_a_list_lists_every_code")]
    [TestCase("""{"source":"x","colour":null,"plan":{"name":"p","items":[{"kind":"red","count":1}]}}""", "plan.items[0].kind", TestName = "An_enum_typo_in_a_nested_record_lists_every_code")]
    public void Enum_typos(string json, string field) =>
        Assert.That(ProblemAt(json, field), Is.EqualTo("not one of: dark-red, green"));

    [TestCase("06.12.2026")]
    [TestCase("12-31-2026")]
    [TestCase("2026-12-06")]
    [TestCase("2026-12-06T09:00:00")]
    [TestCase("2026-12-06 09:00:00Z")]
    [TestCase("2026-12-06T09:00:00+1:00")]
    public void An_instant_without_an_offset_or_not_in_iso_8601_is_refused(string at) =>
        Assert.That(ProblemAt($$"""{"source":"x","colour":null,"at":"{{at}}"}""", "at"), Is.EqualTo(IsoDates.InstantProblem));

    [TestCase("2026-12-06T09:00:00Z", "2026-12-06T09:00:00+00:00")]
    [TestCase("2026-12-06T09:00Z", "2026-12-06T09:00:00+00:00")]
    [TestCase("2026-12-06T10:00:00.1234567+01:00", "2026-12-06T10:00:00.1234567+01:00")]
    [TestCase("2026-12-06T04:00:00-05:00", "2026-12-06T04:00:00-05:00")]
    public void An_instant_in_iso_8601_with_an_offset_reads_as_written(string at, string expected)
    {
        var request = JsonSerializer.Deserialize<Request>($$"""{"source":"x","colour":null,"at":"{{at}}"}""", Options)!;
        Assert.That(request.At, Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(JsonSerializer.Serialize(request, Options), Does.Contain($"\"at\":\"{expected}\""), "written as before: ISO 8601 with the offset");
    }

    [Test]
    public void A_date_only_field_takes_yyyy_mm_dd()
    {
        Assert.That(ProblemAt("""{"source":"x","colour":null,"plan":{"name":"p","items":[{"kind":"green","count":1,"due":"06.12.2026"}]}}""", "plan.items[0].due"), Is.EqualTo(IsoDates.DateProblem));
        var read = JsonSerializer.Deserialize<Request>("""{"source":"x","colour":null,"plan":{"name":"p","items":[{"kind":"green","count":1,"due":"2026-12-06"}]}}""", Options)!;
        Assert.That(read.Plan!.Items[0].Due, Is.EqualTo(new DateOnly(2026, 12, 6)));
    }

    [TestCase("""{"source":1,"colour":null}""", "source", "must be a string")]
    [TestCase("""{"source":"x","colour":null,"urgent":"yes"}""", "urgent", "must be true or false")]
    [TestCase("""{"source":"x","colour":null,"plan":{"name":"p","items":[{"kind":"green","count":"many"}]}}""", "plan.items[0].count", "must be a number")]
    [TestCase("""{"source":"x","colour":null,"plan":[]}""", "plan", "must be an object")]
    [TestCase("""{"source":"x","colour":null,"colours":"green"}""", "colours", "must be an array")]
    [TestCase("""{"source":null,"colour":null}""", "source", "must not be null")]
    public void A_value_of_the_wrong_type_says_what_it_must_be(string json, string field, string expected) =>
        Assert.That(ProblemAt(json, field), Is.EqualTo(expected));

    [TestCase("""{"source":"x", "colour": """)]
    [TestCase("""{"source":x}""")]
    [TestCase("""{"source":"x",,}""")]
    public void Malformed_json_says_where(string json) =>
        Assert.That(ProblemAt(json, "body"), Does.StartWith("malformed JSON at line 1, position "));

    [TestCase("Failed to bind parameter \"Nullable<DateTimeOffset> from\" from \"x\".", "from", IsoDates.InstantProblem)]
    [TestCase("Required parameter \"string purpose\" was not provided from query string.", "purpose", "missing")]
    [TestCase("Implicit body inferred for parameter \"OpenCaseRequest request\" but no body was provided. Did you mean to use a Service instead?", "body", "missing: send a JSON object")]
    [TestCase("Expected a supported JSON media type but got \"text/plain\".", "Content-Type", "send the body as JSON with Content-Type: application/json")]
    public void Binding_failures_name_the_parameter(string message, string field, string expected)
    {
        var handler = typeof(InputProblemsTests).GetMethod(nameof(Handler), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static);
        Assert.That(InputProblems.FromBinding(message, handler), Is.EqualTo(new InputProblems.FieldProblem(field, expected)));
    }

    [TestCase("x", "not a UUID")]
    [TestCase("soon", "not true or false")]
    [TestCase("many", "not a whole number")]
    public void Query_values_that_do_not_bind_say_what_they_must_be(string value, string expected)
    {
        var handler = typeof(InputProblemsTests).GetMethod(nameof(Handler), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static);
        var name = expected switch { "not a UUID" => "caseId", "not true or false" => "overdue", _ => "page" };
        Assert.That(InputProblems.FromBinding($"Failed to bind parameter \"whatever {name}\" from \"{value}\".", handler).Problem, Does.StartWith(expected));
    }

    private static void Handler(DateTimeOffset? from, string purpose, Guid caseId, bool? overdue, int? page) { }
}
