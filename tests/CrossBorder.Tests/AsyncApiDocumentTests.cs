using TransnationalReferral.AsyncApi;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// The partner contract (deploy/asyncapi/crossborder.asyncapi.json, AsyncAPI 3.0) against contracts/: every cross-border
/// contract is a message with its wire type, its schema names exactly the contract's members with matching types, the
/// examples are messages a node would send, and nothing is in the document that the contracts do not have.
/// </summary>
public class AsyncApiDocumentTests
{
    private static readonly JsonElement Document = JsonDocument.Parse(File.ReadAllText(Path.Combine(BrokerAdmin.RepositoryRoot(), "deploy/asyncapi/crossborder.asyncapi.json"))).RootElement;

    private static IEnumerable<Type> ContractTypes() => typeof(CrossBorderRequest).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<CrossBorderMessageAttribute>() is not null).OrderBy(t => t.Name);

    private static JsonElement Resolve(JsonElement reference)
    {
        var path = reference.GetProperty("$ref").GetString()!;
        Assert.That(path, Does.StartWith("#/"), "local references only");
        var node = Document;
        foreach (var part in path[2..].Split('/')) node = node.GetProperty(part);
        return node;
    }

    private static JsonElement Schema(Type type) => Resolve(Document.GetProperty("components").GetProperty("messages").GetProperty(type.Name).GetProperty("payload"));

    [Test]
    public void It_is_an_AsyncAPI_3_document_with_the_two_channels_of_a_partner()
    {
        Assert.That(Document.GetProperty("asyncapi").GetString(), Is.EqualTo("3.0.0"));
        var channels = Document.GetProperty("channels");
        Assert.That(channels.GetProperty("forPartner").GetProperty("address").GetString(), Is.EqualTo(CrossBorderTopology.ForPartner("{partner}")));
        Assert.That(channels.GetProperty("inFromPartner").GetProperty("address").GetString(), Is.EqualTo(CrossBorderTopology.InFromPartner("{partner}")));
        foreach (var operation in Document.GetProperty("operations").EnumerateObject())
        {
            var channel = Resolve(operation.Value.GetProperty("channel"));
            var messages = operation.Value.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("$ref").GetString()!).ToList();
            Assert.That(messages, Has.Count.EqualTo(ContractTypes().Count()), operation.Name);
            foreach (var message in operation.Value.GetProperty("messages").EnumerateArray()) Resolve(message);
            Assert.That(channel.GetProperty("messages").EnumerateObject().Count(), Is.EqualTo(ContractTypes().Count()));
        }
    }

    [Test]
    public void Every_contract_is_a_message_and_there_is_no_other()
    {
        var messages = Document.GetProperty("components").GetProperty("messages").EnumerateObject().ToList();
        Assert.That(messages.Select(m => m.Name), Is.EquivalentTo(ContractTypes().Select(t => t.Name)));
        foreach (var message in messages)
        {
            var wireType = CrossBorderJson.WireType(ContractTypes().Single(t => t.Name == message.Name));
            Assert.That(message.Value.GetProperty("name").GetString(), Is.EqualTo(wireType));
            Assert.That(message.Value.GetProperty("bindings").GetProperty("amqp").GetProperty("messageType").GetString(), Is.EqualTo(wireType));
        }
        Assert.That(Document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name),
            Is.EquivalentTo(ContractTypes().Select(t => t.Name).Append("CrossBorderHeaders")));
    }

    [TestCaseSource(nameof(ContractTypes))]
    public void A_message_schema_names_exactly_the_contract_members_with_their_types(Type type)
    {
        var schema = Schema(type);
        var properties = schema.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        var members = type.GetProperties().ToDictionary(p => CrossBorderJson.Options.PropertyNamingPolicy!.ConvertName(p.Name));
        Assert.That(properties.Keys, Is.EquivalentTo(members.Keys), $"{type.Name}: the document and the contract name different members");
        Assert.That(schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()), Is.EquivalentTo(members.Keys), "every member is always present (null when absent)");

        var nullability = new NullabilityInfoContext();
        foreach (var (name, property) in members)
        {
            var expected = property.PropertyType switch
            {
                var t when t == typeof(Guid) => ("string", "uuid"),
                var t when t == typeof(DateTimeOffset) => ("string", "date-time"),
                var t when t == typeof(bool) => ("boolean", null),
                var t when t == typeof(int) => ("integer", null),
                var t when t == typeof(string) => ("string", null),
                var t when typeof(IEnumerable<string>).IsAssignableFrom(t) => ("array", null),
                var t when typeof(IEnumerable<CrossBorderAttachment>).IsAssignableFrom(t) => ("array", null),
                var t => throw new AssertionException($"{type.Name}.{property.Name}: no JSON mapping for {t.Name} in this test"),
            };
            var declared = properties[name].GetProperty("type");
            var types = declared.ValueKind == JsonValueKind.Array ? declared.EnumerateArray().Select(t => t.GetString()!).ToList() : [declared.GetString()!];
            Assert.That(types[0], Is.EqualTo(expected.Item1), $"{type.Name}.{name}");
            var nullable = nullability.Create(property).ReadState == NullabilityState.Nullable;
            Assert.That(types.Contains("null"), Is.EqualTo(nullable), $"{type.Name}.{name}: nullable in the contract ⇔ null in the document");
            if (expected.Item2 is { } format) Assert.That(properties[name].GetProperty("format").GetString(), Is.EqualTo(format), $"{type.Name}.{name}");
            Assert.That(properties[name].TryGetProperty("description", out _), Is.True, $"{type.Name}.{name} is described");
        }
    }

    [TestCaseSource(nameof(ContractTypes))]
    public void The_examples_are_messages_a_node_would_send(Type type)
    {
        var message = Document.GetProperty("components").GetProperty("messages").GetProperty(type.Name);
        var examples = message.GetProperty("examples").EnumerateArray().ToList();
        Assert.That(examples, Is.Not.Empty);
        var headers = Resolve(message.GetProperty("headers")).GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(headers, Is.EquivalentTo(new[] { CrossBorderEnvelope.FromHeader, CrossBorderEnvelope.ToHeader, CrossBorderEnvelope.SentAtHeader, CrossBorderEnvelope.SignatureHeader, CrossBorderTopology.PurposeHeader }));
        foreach (var example in examples)
        {
            var payload = example.GetProperty("payload");
            Assert.That(payload.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(Schema(type).GetProperty("properties").EnumerateObject().Select(p => p.Name)));
            var contract = payload.Deserialize(type, CrossBorderJson.Options);
            Assert.That(contract, Is.Not.Null);
            Assert.That(Minimisation.Check(type, JsonSerializer.SerializeToElement(contract, type, CrossBorderJson.Options)), Is.Null, "passes minimisation");
            Assert.That(example.GetProperty("headers").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(headers));
        }
    }
}

/// <summary>The document passes the outside validator: the AsyncAPI parser from npm (installed by ./build.sh --target=Test).</summary>
public class AsyncApiParserTests
{
    [Test]
    public async Task The_AsyncAPI_parser_from_npm_finds_no_error_in_the_partner_contract()
    {
        var output = await ParseAsync("crossborder.asyncapi.json");
        Assert.That(output, Does.Contain("valid AsyncAPI 3.0.0 — 6 messages, 2 channels, 2 operations"));
    }

    [Test]
    public async Task The_AsyncAPI_parser_from_npm_finds_no_error_in_the_internal_bus_contract()
    {
        var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(BrokerAdmin.RepositoryRoot(), InternalAsyncApi.DocumentPath))).RootElement;
        int Count(JsonElement e) => e.EnumerateObject().Count();
        var output = await ParseAsync("internal.asyncapi.json");
        Assert.That(output, Does.Contain($"valid AsyncAPI 3.0.0 — {Count(document.GetProperty("components").GetProperty("messages"))} messages, " +
            $"{Count(document.GetProperty("channels"))} channels, {Count(document.GetProperty("operations"))} operations"));
    }

    private static async Task<string> ParseAsync(string file)
    {
        var dir = Path.Combine(BrokerAdmin.RepositoryRoot(), "deploy/asyncapi");
        if (!Directory.Exists(Path.Combine(dir, "node_modules/@asyncapi/parser")))
        {
            const string missing = "@asyncapi/parser is not installed in deploy/asyncapi: ./build.sh --target=Test installs it (npm ci), or run npm ci there";
            if (Environment.GetEnvironmentVariable("TR_ASYNCAPI_PARSER") == "required") Assert.Fail(missing);
            Assert.Ignore(missing);
        }
        var start = new System.Diagnostics.ProcessStartInfo("node", ["validate.mjs", file]) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        TestContext.Out.WriteLine(await output);
        Assert.That(process.ExitCode, Is.EqualTo(0), $"{await output}\n{await error}");
        return await output;
    }
}
