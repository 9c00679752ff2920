using System.Text.RegularExpressions;
using MassTransit;
using MassTransit.Serialization;
using TransnationalReferral.AsyncApi;

namespace TransnationalReferral.CrossBorder.Tests;

/// <summary>
/// The internal bus contract (deploy/asyncapi/internal.asyncapi.json, AsyncAPI 3.0) is generated from contracts/ and the
/// services by tools/AsyncApi (<see cref="InternalAsyncApi"/>): the checked-in file is up to date, every contract is in
/// it and nothing else, its examples are what MassTransit writes and reads back, its publishers and consumers are the
/// services' own, and no schema names personal data. The npm parser validates it in <see cref="AsyncApiParserTests"/>.
/// </summary>
public partial class InternalAsyncApiTests
{
    private static readonly string DocumentFile = Path.Combine(BrokerAdmin.RepositoryRoot(), InternalAsyncApi.DocumentPath);

    private static JsonElement Document => JsonDocument.Parse(File.ReadAllText(DocumentFile)).RootElement;

    private static JsonElement Components(string kind) => Document.GetProperty("components").GetProperty(kind);

    private static JsonElement Resolve(JsonElement node)
    {
        if (!node.TryGetProperty("$ref", out var reference)) return node;
        var path = reference.GetString()!;
        Assert.That(path, Does.StartWith("#/"), "local references only");
        var target = Document;
        foreach (var part in path[2..].Split('/')) target = target.GetProperty(part);
        return target;
    }

    private static IEnumerable<Type> MessageTypes() => InternalBusTopology.MessageTypes();

    [Test]
    public void The_checked_in_document_is_what_the_generator_writes()
    {
        var generated = InternalAsyncApi.Generate();
        Assert.That(File.Exists(DocumentFile) ? File.ReadAllText(DocumentFile) : "", Is.EqualTo(generated),
            $"{InternalAsyncApi.DocumentPath} is not what the contracts and services say (a contract or a consumer changed?): regenerate it with {InternalAsyncApi.Regenerate} and commit it");
    }

    [Test]
    public void Every_contract_is_in_the_document_and_no_message_lacks_a_contract()
    {
        var contracts = InternalBusTopology.ContractTypes();
        Assert.That(contracts.Select(t => t.Namespace).Distinct(), Is.EquivalentTo(InternalBusTopology.Areas.Select(a => $"TransnationalReferral.Contracts.{a}")), "every area has contracts");

        var messages = Components("messages").EnumerateObject().ToList();
        Assert.That(messages.Select(m => m.Name), Is.EquivalentTo(MessageTypes().Select(t => t.Name)), "one message per contract that travels on its own");
        Assert.That(Components("schemas").EnumerateObject().Select(s => s.Name),
            Is.EquivalentTo(contracts.Select(t => t.Name).Append(InternalAsyncApi.EnvelopeSchema).Append(InternalAsyncApi.HeadersSchema)), "one schema per contract record");
        Assert.That(Document.GetProperty("channels").EnumerateObject().Select(c => c.Name), Is.EquivalentTo(MessageTypes().Select(t => t.Name)), "one exchange per message");

        foreach (var message in messages)
        {
            var type = contracts.SingleOrDefault(t => t.Name == message.Name);
            Assert.That(type, Is.Not.Null, $"{message.Name} in the document has no contract");
            var channel = Document.GetProperty("channels").GetProperty(message.Name);
            Assert.That(channel.GetProperty("address").GetString(), Is.EqualTo($"{type!.Namespace}:{type.Name}"), "the exchange MassTransit publishes the type to");
            Assert.That(channel.GetProperty("bindings").GetProperty("amqp").GetProperty("exchange").GetProperty("type").GetString(), Is.EqualTo("fanout"));
            var urns = message.Value.GetProperty("examples")[0].GetProperty("payload").GetProperty("messageType").EnumerateArray().Select(u => u.GetString()).ToList();
            Assert.That(urns, Is.EqualTo(new[] { $"urn:message:{type.Namespace}:{type.Name}" }));
        }

        // A record that travels only inside another one is referenced from that one's schema.
        foreach (var nested in InternalBusTopology.NestedTypes())
            Assert.That(Components("schemas").EnumerateObject().Any(s => s.Value.GetRawText().Contains($"\"#/components/schemas/{nested.Name}\"", StringComparison.Ordinal)), Is.True, nested.Name);
    }

    [TestCaseSource(nameof(MessageTypes))]
    public void The_example_is_what_MassTransit_writes_and_reads_back_and_the_schema_names_exactly_those_members(Type type)
    {
        var message = Components("messages").GetProperty(type.Name);
        Assert.That(message.GetProperty("contentType").GetString(), Is.EqualTo("application/vnd.masstransit+json"));
        var payload = message.GetProperty("examples")[0].GetProperty("payload");

        var envelope = payload.Deserialize<JsonMessageEnvelope>(SystemTextJsonMessageSerializer.Options)!;
        Assert.That(envelope.MessageId, Is.Not.Null);
        var contract = ((JsonElement)envelope.Message!).Deserialize(type, SystemTextJsonMessageSerializer.Options);
        Assert.That(contract, Is.Not.Null.And.InstanceOf(type));
        var written = JsonSerializer.SerializeToNode(contract, type, SystemTextJsonMessageSerializer.Options)!;
        Assert.That(JsonNode.DeepEquals(written, JsonNode.Parse(payload.GetProperty("message").GetRawText())), Is.True,
            $"the example of {type.Name} is not what MassTransit writes: {written.ToJsonString()}");

        AssertMatches(type, payload.GetProperty("message"), Resolve(Components("schemas").GetProperty(type.Name)));
    }

    private static void AssertMatches(Type type, JsonElement value, JsonElement schema)
    {
        var properties = schema.GetProperty("properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.That(value.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(properties.Keys), $"{type.Name}: the serializer writes exactly the schema's members");
        var nullability = new NullabilityInfoContext();
        var required = InternalAsyncApi.Members(type)
            .Where(p => Nullable.GetUnderlyingType(p.PropertyType) is null && nullability.Create(p).ReadState != NullabilityState.Nullable)
            .Select(p => SystemTextJsonMessageSerializer.Options.PropertyNamingPolicy!.ConvertName(p.Name));
        Assert.That(schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()), Is.EquivalentTo(required), $"{type.Name}: required ⇔ not nullable");

        foreach (var member in value.EnumerateObject())
        {
            var property = Resolve(properties[member.Name].TryGetProperty("oneOf", out var oneOf) ? oneOf[0] : properties[member.Name]);
            var types = property.GetProperty("type") is { ValueKind: JsonValueKind.Array } many ? many.EnumerateArray().Select(t => t.GetString()!).ToList() : [property.GetProperty("type").GetString()!];
            var kind = member.Value.ValueKind switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                JsonValueKind.Number => member.Value.TryGetInt64(out _) && types.Contains("integer") ? "integer" : "number",
                JsonValueKind.Array => "array",
                JsonValueKind.Object => "object",
                _ => "null",
            };
            Assert.That(types, Does.Contain(kind), $"{type.Name}.{member.Name}: the example's {kind} is not a {string.Join("|", types)}");
            if (kind == "string" && property.TryGetProperty("format", out var format) && format.GetString() is "uuid" or "date-time")
                Assert.That(format.GetString() == "uuid" ? Guid.TryParse(member.Value.GetString(), out _) : DateTimeOffset.TryParse(member.Value.GetString(), out _), Is.True, $"{type.Name}.{member.Name} is a {format}");
            if (kind == "array" && Resolve(property.GetProperty("items")) is var items && items.TryGetProperty("properties", out _))
            {
                var element = InternalBusTopology.ElementType(InternalAsyncApi.Members(type).Single(p => SystemTextJsonMessageSerializer.Options.PropertyNamingPolicy!.ConvertName(p.Name) == member.Name).PropertyType);
                foreach (var item in member.Value.EnumerateArray()) AssertMatches(element, item, items);
            }
        }
    }

    [Test]
    public void An_enum_member_would_be_described_as_the_bus_writes_it()
    {
        // No contract has one today (codes are strings, contracts/…/README.md); a future one must not be described wrongly.
        var schema = InternalAsyncApi.TypeSchema(typeof(DayOfWeek));
        var written = Enum.GetValues<DayOfWeek>().Select(d => JsonSerializer.SerializeToElement(d, SystemTextJsonMessageSerializer.Options)).ToList();
        Assert.That(schema["type"]!.GetValue<string>(), Is.EqualTo(written[0].ValueKind == JsonValueKind.String ? "string" : "integer"));
        Assert.That(schema["enum"]!.AsArray().Select(v => v!.ToJsonString()), Is.EqualTo(written.Select(w => w.GetRawText())));
    }

    [Test]
    public void The_publishers_and_consumers_are_those_the_services_register()
    {
        var operations = Document.GetProperty("operations").EnumerateObject().Select(o => o.Value).ToList();
        string MessageOf(JsonElement operation) => Resolve(operation.GetProperty("channel")).GetProperty("address").GetString()!.Split(':')[1];
        var sends = operations.Where(o => o.GetProperty("action").GetString() == "send").Select(o => (Title: o.GetProperty("title").GetString()!, Message: MessageOf(o))).ToList();
        var receives = operations.Where(o => o.GetProperty("action").GetString() == "receive").ToList();

        // Anchors from the services' Program.cs and Integration/ folders.
        Assert.That(sends, Does.Contain(("Identification publishes IdentificationCaseOpened", "IdentificationCaseOpened")));
        Assert.That(sends, Does.Contain(("JudicialCooperation publishes ProceedsReturnAnswered", "ProceedsReturnAnswered")), "a contract of another area, published by the judicial service");
        Assert.That(receives.Where(r => MessageOf(r) == "IdentificationCaseOpened").Select(r => r.GetProperty("title").GetString()).Distinct(),
            Is.EquivalentTo(new[] { "Protection receives IdentificationCaseOpened", "Return receives IdentificationCaseOpened", "Remedies receives IdentificationCaseOpened", "JudicialCooperation receives IdentificationCaseOpened" }));
        Assert.That(receives.Select(r => r.GetProperty("x-trm-queue").GetString()), Does.Contain("protection-case-shared"), "ServiceDefaults' case register, added by AddCaseRegister");
        Assert.That(receives.Select(r => r.GetProperty("x-trm-queue").GetString()), Does.Contain("judicial-identification-case-opened"));

        // Every consumer class a service declares for a contract (plain reflection) is in the document, with its own queue.
        var messages = MessageTypes().ToHashSet();
        foreach (var (service, assemblyName) in InternalBusTopology.Services)
        foreach (var consumer in Assembly.Load(assemblyName).GetTypes().Where(t => t is { IsAbstract: false, IsClass: true }))
        foreach (var message in consumer.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)).Select(i => i.GetGenericArguments()[0]).Where(messages.Contains))
            Assert.That(receives.Count(r => r.GetProperty("description").GetString()!.Contains($"Consumer {consumer.FullName},", StringComparison.Ordinal) && MessageOf(r) == message.Name), Is.EqualTo(1),
                $"{service}: {consumer.Name} consumes {message.Name} but the document does not say so");
        var queues = receives.Select(r => (r.GetProperty("x-trm-queue").GetString(), MessageOf(r))).ToList();
        Assert.That(queues, Is.Unique);

        // Every operation is about one of the message's own channel.
        foreach (var operation in operations)
            Assert.That(operation.GetProperty("messages")[0].GetProperty("$ref").GetString(), Is.EqualTo($"{operation.GetProperty("channel").GetProperty("$ref").GetString()}/messages/{MessageOf(operation)}"));
    }

    [GeneratedRegex("Headers\\.Set\\(\"([^\"]+)\"")]
    private static partial Regex HeaderSet();

    [Test]
    public void The_documented_headers_are_those_the_outbox_sets()
    {
        var outbox = File.ReadAllText(Path.Combine(BrokerAdmin.RepositoryRoot(), "services/ServiceDefaults.EventSourcing/EventStore/Outbox.cs"));
        var set = HeaderSet().Matches(outbox).Select(m => m.Groups[1].Value).ToList();
        Assert.That(set, Is.Not.Empty);
        Assert.That(InternalAsyncApi.OutboxHeaderNames.Select(h => h.Name), Is.EquivalentTo(set), "Outbox.cs and the document's OutboxHeaders differ");
        Assert.That(Components("schemas").GetProperty(InternalAsyncApi.HeadersSchema).GetProperty("properties").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(set));
    }

    /// <summary>
    /// contracts/TransnationalReferral.Contracts/README.md: "Never a victim's personal data: no names or aliases, dates of
    /// birth, identity documents, addresses, contact details, photos, free-text narratives." As words of a member name.
    /// </summary>
    private static readonly string[][] PersonalData =
    [
        ["name"], ["names"], ["first", "name"], ["surname"], ["alias"], ["aliases"], ["nickname"],
        ["birth"], ["date", "of", "birth"], ["dob"], ["birthday"],
        ["passport"], ["identity", "document"], ["document", "number"], ["national", "id"], ["id", "number"],
        ["address"], ["street"], ["postcode"], ["zip"], ["city"], ["residence", "address"],
        ["contact", "details"], ["phone"], ["telephone"], ["mobile"], ["email"], ["e", "mail"],
        ["photo"], ["photos"], ["picture"], ["image"], ["biometric"], ["fingerprint"],
        ["narrative"], ["story"], ["notes"], ["comment"], ["comments"], ["free", "text"], ["description"],
        ["iban"], ["account", "number"],
    ];

    [GeneratedRegex("[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")]
    private static partial Regex Words();

    [Test]
    public void No_schema_names_personal_data()
    {
        var names = new List<string>();
        void Collect(JsonElement node)
        {
            if (node.ValueKind == JsonValueKind.Object)
                foreach (var member in node.EnumerateObject())
                {
                    if (member.Name == "properties") names.AddRange(member.Value.EnumerateObject().Select(p => p.Name));
                    Collect(member.Value);
                }
            else if (node.ValueKind == JsonValueKind.Array) foreach (var item in node.EnumerateArray()) Collect(item);
        }
        foreach (var type in InternalBusTopology.ContractTypes()) Collect(Components("schemas").GetProperty(type.Name));
        Assert.That(names, Is.Not.Empty);
        foreach (var name in names.Distinct())
        {
            var words = Words().Matches(name).Select(m => m.Value.ToLowerInvariant()).ToList();
            var hit = PersonalData.FirstOrDefault(term => Enumerable.Range(0, Math.Max(0, words.Count - term.Length + 1)).Any(i => words.Skip(i).Take(term.Length).SequenceEqual(term)));
            Assert.That(hit, Is.Null, $"'{name}' looks like personal data ({string.Join(" ", hit ?? [])}): contracts carry ids and codes only (contracts/TransnationalReferral.Contracts/README.md)");
        }
    }
}
