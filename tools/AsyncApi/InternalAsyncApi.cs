using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MassTransit;
using MassTransit.Serialization;

namespace TransnationalReferral.AsyncApi;

/// <summary>
/// Generates deploy/asyncapi/internal.asyncapi.json (AsyncAPI 3.0): every contract of a node's bus as MassTransit 8.5
/// carries it over RabbitMQ — one fanout exchange per message type, MassTransit's JSON envelope with the contract in
/// <c>message</c> (serialized with MassTransit's own options) — with a JSON schema and an example per contract, the
/// service that publishes it (send) and every consumer that receives it (receive). Rewrite the checked-in file with
/// <c>dotnet run --project tools/AsyncApi</c>; tests/CrossBorder.Tests fails while it is stale.
/// </summary>
public static partial class InternalAsyncApi
{
    public const string DocumentPath = "deploy/asyncapi/internal.asyncapi.json";
    public const string Regenerate = "dotnet run --project tools/AsyncApi";
    public const string EnvelopeSchema = "MassTransitEnvelope";
    public const string HeadersSchema = "OutboxHeaders";

    /// <summary>The serializer settings of the bus: AddMessageBus keeps MassTransit's default System.Text.Json serializer.</summary>
    public static JsonSerializerOptions WireOptions => SystemTextJsonMessageSerializer.Options;

    public static string ContentType => SystemTextJsonMessageSerializer.JsonContentType.MediaType;

    public static string WireName(string member) => WireOptions.PropertyNamingPolicy?.ConvertName(member) ?? member;

    /// <summary>The exchange MassTransit publishes a message type to (its default entity name: namespace:type).</summary>
    public static string ExchangeName(Type message) => new MassTransit.RabbitMqTransport.RabbitMqMessageNameFormatter().GetMessageName(message).ToString()!;

    public static string MessageUrn(Type message) => MassTransit.MessageUrn.ForTypeString(message);

    /// <summary>The headers the outbox (services/ServiceDefaults.EventSourcing/EventStore/Outbox.cs) sets on every integration event.</summary>
    public static readonly IReadOnlyList<(string Name, string Type, string Description, bool Always)> OutboxHeaderNames =
    [
        ("trm-source-stream", "string", "The id of the event stream whose decision this message announces.", true),
        ("trm-source-version", "integer", "The version of that stream the decision was appended at.", true),
        ("trm-source-event", "string", "The service's own (domain) event type the message was mapped from.", true),
        ("trm-correlation-id", "string", "The request's correlation id when it is not a GUID (a GUID goes to the envelope's correlationId).", false),
    ];

    public static string Generate()
    {
        var topology = InternalBusTopology.Discover();
        var messages = InternalBusTopology.MessageTypes();
        var docs = Docs.Load();

        var channels = new JsonObject();
        var operations = new JsonObject();
        var componentMessages = new JsonObject();
        var schemas = new JsonObject
        {
            [EnvelopeSchema] = Envelope(),
            [HeadersSchema] = Headers(),
        };
        foreach (var type in InternalBusTopology.ContractTypes()) schemas[type.Name] = Schema(type, docs);

        foreach (var message in messages)
        {
            var publishers = topology.Publishers[message];
            var consumers = topology.Consumers.Where(c => c.Message == message).ToList();
            var summary = docs.Summary(message) ?? message.Name;
            var origin = publishers.Count == 0
                ? "No service of this software publishes it on the bus: it comes from outside the five services (e.g. a partner's answer brought in by an integration)."
                : $"Published by {string.Join(" and ", publishers)}.";
            var receivers = consumers.Count == 0 ? "No service consumes it yet." : $"Consumed by {string.Join(", ", consumers.Select(c => c.Service).Distinct())}.";

            componentMessages[message.Name] = new JsonObject
            {
                ["name"] = message.Name,
                ["title"] = message.Name,
                ["summary"] = summary,
                ["description"] = $"Contract {message.FullName} in contracts/TransnationalReferral.Contracts/{message.Namespace!.Split('.').Last()}. {origin} {receivers}",
                ["contentType"] = ContentType,
                ["headers"] = Ref($"#/components/schemas/{HeadersSchema}"),
                ["payload"] = new JsonObject
                {
                    ["allOf"] = new JsonArray(
                        Ref($"#/components/schemas/{EnvelopeSchema}"),
                        new JsonObject
                        {
                            ["type"] = "object",
                            ["required"] = new JsonArray("messageType", "message"),
                            ["properties"] = new JsonObject
                            {
                                ["messageType"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["contains"] = new JsonObject { ["const"] = MessageUrn(message) } },
                                ["message"] = Ref($"#/components/schemas/{message.Name}"),
                            },
                        }),
                },
                ["examples"] = new JsonArray(Example(message, publishers, docs)),
            };

            channels[message.Name] = new JsonObject
            {
                ["address"] = ExchangeName(message),
                ["title"] = $"{message.Name} exchange",
                ["description"] = $"The fanout exchange MassTransit publishes {message.Name} to. Each consumer's receive endpoint binds its own exchange and quorum queue (named after the service and the consumer) to it; a message nobody is bound for is dropped.",
                ["messages"] = new JsonObject { [message.Name] = Ref($"#/components/messages/{message.Name}") },
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject
                    {
                        ["is"] = "routingKey",
                        ["exchange"] = new JsonObject { ["name"] = ExchangeName(message), ["type"] = "fanout", ["durable"] = true, ["autoDelete"] = false },
                        ["bindingVersion"] = "0.3.0",
                    },
                },
            };

            foreach (var publisher in publishers)
                operations[$"{publisher}.publishes.{message.Name}"] = new JsonObject
                {
                    ["action"] = "send",
                    ["title"] = $"{publisher} publishes {message.Name}",
                    ["summary"] = $"The {publisher} service's outbox publishes it after the decision is committed (message id = the event's id).",
                    ["channel"] = Ref($"#/channels/{message.Name}"),
                    ["messages"] = new JsonArray(Ref($"#/channels/{message.Name}/messages/{message.Name}")),
                    ["bindings"] = new JsonObject { ["amqp"] = new JsonObject { ["deliveryMode"] = 2, ["bindingVersion"] = "0.3.0" } },
                };

            foreach (var consumer in consumers)
                operations[$"{consumer.Service}.{consumer.ConsumerType.Name}.receives.{message.Name}"] = new JsonObject
                {
                    ["action"] = "receive",
                    ["title"] = $"{consumer.Service} receives {message.Name}",
                    ["summary"] = consumer.ForwardsToPartners
                        ? $"{consumer.ConsumerType.Name} forwards it to the partner node over the cross-border exchange (crossborder.asyncapi.json); registered only on a node with CrossBorder:Partners."
                        : $"{consumer.ConsumerType.Name} applies it to the {consumer.Service} service's own streams.",
                    ["description"] = $"Consumer {consumer.ConsumerType.FullName}, receive endpoint (quorum queue) {consumer.Queue}; retried with back-off, then moved to {consumer.Queue}_error.",
                    ["channel"] = Ref($"#/channels/{message.Name}"),
                    ["messages"] = new JsonArray(Ref($"#/channels/{message.Name}/messages/{message.Name}")),
                    ["bindings"] = new JsonObject { ["amqp"] = new JsonObject { ["ack"] = true, ["bindingVersion"] = "0.3.0" } },
                    ["x-trm-queue"] = consumer.Queue,
                };
        }

        var document = new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "TransnationalReferral — internal bus of a node",
                ["version"] = "1.0.0",
                ["description"] = "Every integration event the five services (Identification, Protection, Return, Remedies, JudicialCooperation) " +
                    "exchange on their node's RabbitMQ virtual host with MassTransit 8.5: one fanout exchange per message type, named after " +
                    "the contract (namespace:type), body MassTransit's JSON envelope with the contract, camelCase, in `message`. Ids and codes " +
                    "only, never a person's data. Contracts evolve additively (contracts/TransnationalReferral.Contracts/README.md): a consumer " +
                    $"ignores members it does not know. Generated from contracts/ and the services by tools/AsyncApi ({Regenerate}); " +
                    "a test fails when this document and the code disagree. What crosses to partners is in crossborder.asyncapi.json.",
            },
            ["defaultContentType"] = ContentType,
            ["servers"] = new JsonObject
            {
                ["node"] = new JsonObject
                {
                    ["host"] = "rabbitmq.node.example:5671",
                    ["protocol"] = "amqps",
                    ["description"] = "The national node's broker; the services of one node share a virtual host (ConnectionStrings:RabbitMq). Development: amqp://127.0.0.1:55672 (deploy/local/).",
                },
            },
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject { ["messages"] = componentMessages, ["schemas"] = schemas },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = new DefaultJsonTypeInfoResolver() }) + "\n";
    }

    private static JsonObject Ref(string path) => new() { ["$ref"] = path };

    // ---- Schemas

    private static JsonObject Schema(Type type, Docs docs)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        var nullability = new NullabilityInfoContext();
        foreach (var property in Members(type))
        {
            var nullable = Nullable.GetUnderlyingType(property.PropertyType) is not null || nullability.Create(property).ReadState == NullabilityState.Nullable;
            var schema = TypeSchema(property.PropertyType);
            if (nullable)
            {
                schema = schema.ContainsKey("$ref")
                    ? new JsonObject { ["oneOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) }
                    : With(schema, "type", new JsonArray((string)schema["type"]!, "null"));
            }
            else required.Add(WireName(property.Name));
            schema["description"] = docs.Param(type, property.Name) ?? (nullable ? "Optional: null (or left out, by older publishers) when absent." : Humanize(property.Name) + ".");
            properties[WireName(property.Name)] = schema;
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["title"] = type.Name,
            ["description"] = docs.Summary(type) ?? type.Name,
            ["required"] = required,
            ["properties"] = properties,
        };
    }

    private static JsonObject With(JsonObject schema, string key, JsonNode value)
    {
        var copy = new JsonObject { [key] = value };
        foreach (var (k, v) in schema) if (k != key) copy[k] = v?.DeepClone();
        return copy;
    }

    /// <summary>The members a contract puts on the wire, in their declaration order (the record's parameters).</summary>
    public static IReadOnlyList<PropertyInfo> Members(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0).OrderBy(p => p.MetadataToken).ToList();

    /// <summary>The JSON schema of a member's CLR type, as MassTransit's serializer writes it.</summary>
    public static JsonObject TypeSchema(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(Guid)) return new JsonObject { ["type"] = "string", ["format"] = "uuid" };
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        if (type == typeof(string)) return new JsonObject { ["type"] = "string" };
        if (type == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
        if (type == typeof(int)) return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        if (type == typeof(long)) return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        if (type == typeof(decimal)) return DecimalSchema();
        if (type.IsEnum) return EnumSchema(type);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            return new JsonObject { ["type"] = "array", ["items"] = TypeSchema(type.GetGenericArguments()[0]) };
        if (InternalBusTopology.ContractTypes().Contains(type)) return Ref($"#/components/schemas/{type.Name}");
        throw new NotSupportedException($"No JSON schema mapping for {type.FullName}: add one to {nameof(InternalAsyncApi)}.{nameof(TypeSchema)}.");
    }

    /// <summary>How the bus writes a decimal (MassTransit registers its own decimal converter): read from an actual serialization.</summary>
    private static JsonObject DecimalSchema() => JsonSerializer.SerializeToElement(1.5m, WireOptions).ValueKind switch
    {
        JsonValueKind.String => new JsonObject { ["type"] = "string", ["format"] = "decimal", ["pattern"] = "^-?[0-9]+(\\.[0-9]+)?$" },
        JsonValueKind.Number => new JsonObject { ["type"] = "number" },
        var kind => throw new NotSupportedException($"MassTransit writes a decimal as {kind}"),
    };

    /// <summary>An enum as the bus writes it (a string or a number, depending on the serializer's converters), every value listed.</summary>
    private static JsonObject EnumSchema(Type type)
    {
        var values = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.SerializeToNode(v, type, WireOptions)!).ToArray();
        return new JsonObject { ["type"] = values[0].GetValueKind() == JsonValueKind.String ? "string" : "integer", ["enum"] = new JsonArray(values) };
    }

    private static JsonObject Envelope()
    {
        var properties = new JsonObject();
        foreach (var property in Members(typeof(JsonMessageEnvelope)))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            JsonObject schema = type == typeof(string) ? new JsonObject { ["type"] = "string" }
                : type == typeof(DateTime) ? new JsonObject { ["type"] = "string", ["format"] = "date-time" }
                : type == typeof(string[]) ? new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }
                : type == typeof(HostInfo) ? HostSchema()
                : typeof(System.Collections.IDictionary).IsAssignableFrom(type) ? new JsonObject { ["type"] = "object" }
                : new JsonObject();
            if (property.Name.EndsWith("Address", StringComparison.Ordinal)) schema["format"] = "uri";
            if (property.Name.EndsWith("Id", StringComparison.Ordinal)) schema["format"] = "uuid";
            schema["description"] = property.Name switch
            {
                "Message" => "The contract, camelCase (see each message's payload).",
                "MessageType" => "The URNs of the message type (urn:message:namespace:type).",
                "MessageId" => "Set by the outbox to the id of the event the message announces.",
                "Headers" => "The same headers as on the AMQP message (see OutboxHeaders).",
                _ => $"MassTransit envelope: {Humanize(property.Name).ToLowerInvariant()}.",
            };
            properties[WireName(property.Name)] = schema;
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["title"] = "MassTransit JSON envelope",
            ["description"] = $"MassTransit's message envelope ({typeof(JsonMessageEnvelope).FullName}), content type {ContentType}. Members MassTransit does not set are null.",
            ["required"] = new JsonArray("messageId", "messageType", "message"),
            ["properties"] = properties,
        };
    }

    private static JsonObject HostSchema()
    {
        var properties = new JsonObject();
        foreach (var property in typeof(HostInfo).GetProperties())
            properties[WireName(property.Name)] = property.PropertyType == typeof(int) ? new JsonObject { ["type"] = "integer" } : new JsonObject { ["type"] = "string" };
        return new JsonObject { ["type"] = "object", ["properties"] = properties };
    }

    private static JsonObject Headers()
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var (name, type, description, always) in OutboxHeaderNames)
        {
            properties[name] = new JsonObject { ["type"] = type, ["description"] = description };
            if (always) required.Add(name);
        }
        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = "AMQP headers the outbox sets (services/ServiceDefaults.EventSourcing/EventStore/Outbox.cs); MassTransit adds its own (MT-*, Content-Type), which consumers ignore.",
            ["required"] = required,
            ["properties"] = properties,
        };
    }

    // ---- Examples: a contract instance built from sample values, serialized with the bus's own options.

    private static JsonObject Example(Type message, IReadOnlyList<string> publishers, Docs docs)
    {
        var contract = Sample(message, docs);
        var envelope = new JsonMessageEnvelope
        {
            MessageId = SampleGuid($"{message.Name}:event").ToString(),
            CorrelationId = SampleGuid("correlation").ToString(),
            ConversationId = SampleGuid($"{message.Name}:conversation").ToString(),
            DestinationAddress = $"rabbitmq://rabbitmq.node.example/trm-at/{ExchangeName(message)}",
            MessageType = [MessageUrn(message)],
            Message = contract,
            SentTime = new DateTime(2026, 11, 30, 9, 0, 1, DateTimeKind.Utc),
            Headers = new Dictionary<string, object?>
            {
                // The stream is the one the first id names (the case, the request, the asset); Marten names event types in snake_case.
                ["trm-source-stream"] = SampleGuid(Members(message).FirstOrDefault(p => p.PropertyType == typeof(Guid))?.Name ?? message.Name).ToString(),
                ["trm-source-version"] = 3,
                ["trm-source-event"] = Kebab(message.Name).Replace('-', '_'),
            },
        };
        var headers = new JsonObject();
        foreach (var (name, value) in envelope.Headers) headers[name] = JsonSerializer.SerializeToNode(value, WireOptions);
        return new JsonObject
        {
            ["name"] = $"{message.Name}-example",
            ["summary"] = publishers.Count == 0 ? $"{message.Name} as it arrives on the bus" : $"{message.Name} as {publishers[0]} publishes it",
            ["headers"] = headers,
            ["payload"] = JsonSerializer.SerializeToNode(envelope, WireOptions),
        };
    }

    public static object Sample(Type type, Docs docs)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var jurisdictions = new Queue<string>(["AT", "NG", "RO", "BE"]);
        var arguments = constructor.GetParameters().Select(p => SampleValue(type, p.Name!, p.ParameterType, docs, jurisdictions)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static object? SampleValue(Type declaring, string name, Type type, Docs docs, Queue<string> jurisdictions)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(Guid)) return SampleGuid(name);
        if (type == typeof(DateTimeOffset))
            return Later.IsMatch(name) ? new DateTimeOffset(2026, 12, 30, 9, 0, 0, TimeSpan.Zero) : new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        if (type == typeof(bool)) return true;
        if (type == typeof(int)) return name == "Revision" ? 1 : 3;
        if (type == typeof(decimal)) return 2500.00m;
        if (type == typeof(string)) return SampleCode(declaring, name, docs, jurisdictions);
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            if (element == typeof(string) && name.EndsWith("Jurisdictions", StringComparison.Ordinal)) { list.Add("AT"); list.Add("NG"); }
            else if (element == typeof(string)) list.Add(SampleCode(declaring, name, docs, jurisdictions));
            else if (element == typeof(Guid)) list.Add(SampleGuid(name));
            else list.Add(Sample(element, docs));
            return list;
        }
        throw new NotSupportedException($"No sample value for {declaring.Name}.{name} ({type.Name}).");
    }

    private static readonly Regex Later = LaterPattern();

    [GeneratedRegex("(Due|Expires|Ends|RespondBy|NextReviewBy|LastContactBy|ScheduledFor|DueBy|DecisionDueBy)", RegexOptions.CultureInvariant)]
    private static partial Regex LaterPattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    private static string SampleCode(Type declaring, string name, Docs docs, Queue<string> jurisdictions)
    {
        if (name.EndsWith("Jurisdiction", StringComparison.Ordinal) || name.StartsWith("CountryOf", StringComparison.Ordinal) || name == "ReturnedTo")
            return jurisdictions.Count > 0 ? jurisdictions.Dequeue() : "AT";
        if (name == "Currency") return "EUR";
        if (name == "Language") return "en";
        if (name == "AgeGroup") return "18-24";
        return docs.FirstCode(declaring, name) ?? Kebab(name);
    }

    private static Guid SampleGuid(string seed)
    {
        var bytes = MD5.HashData(Encoding.UTF8.GetBytes(seed));
        bytes[7] = (byte)((bytes[7] & 0x0f) | 0x40); // version 4 layout, deterministic
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        return new Guid(bytes);
    }

    private static string Kebab(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private static string Humanize(string name)
    {
        var words = Kebab(name).Replace('-', ' ');
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>The contracts' XML documentation (GenerateDocumentationFile), for summaries, member descriptions and sample codes.</summary>
    public sealed partial class Docs(XDocument? xml)
    {
        public static Docs Load()
        {
            var file = Path.ChangeExtension(typeof(Contracts.Identification.IdentificationCaseOpened).Assembly.Location, ".xml");
            return new Docs(File.Exists(file) ? XDocument.Load(file) : throw new FileNotFoundException("The contracts' XML documentation is not next to the assembly", file));
        }

        private XElement? Member(Type type) => xml?.Root?.Element("members")?.Elements("member").FirstOrDefault(m => (string?)m.Attribute("name") == $"T:{type.FullName}");

        public string? Summary(Type type) => Member(type)?.Element("summary") is { } summary ? Text(summary) : null;

        public string? Param(Type type, string name) =>
            Member(type)?.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == name) is { } param ? Text(param) : null;

        /// <summary>
        /// A code to show in an example: the member's code class's first constant (<c>SignalSource</c> → <c>SignalSources</c>), or
        /// the first code its documentation lists ("child, presumed-child or adult"), or the first one its record's summary lists
        /// after naming it ("the level only (low, medium, high)").
        /// </summary>
        public string? FirstCode(Type type, string name)
        {
            var member = Member(type);
            var param = member?.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == name);
            var crefs = param?.Descendants("see").Select(s => ((string?)s.Attribute("cref"))?[2..]).OfType<string>() ?? [];
            var codeClasses = crefs.Select(type.Assembly.GetType).OfType<Type>()
                .Concat(type.Assembly.GetExportedTypes().Where(t => t.Namespace == type.Namespace && (t.Name == name + "s" || t.Name == name + "es" || t.Name.EndsWith(name + "s", StringComparison.Ordinal))));
            foreach (var codes in codeClasses.Where(t => t is { IsAbstract: true, IsSealed: true }))
                if (codes.GetFields(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(f => f.IsLiteral)?.GetRawConstantValue() is string first) return first;
            if (param is not null)
            {
                if (param.Descendants("c").Select(c => c.Value.Trim()).FirstOrDefault(CodePattern().IsMatch) is { } quoted) return quoted;
                var text = Regex.Replace(Text(param), @"\([^)]*\)", "");
                if (text.Contains(':')) text = text[(text.LastIndexOf(':') + 1)..];
                foreach (var item in text.Split([',', ';'], StringSplitOptions.TrimEntries))
                    if (CodeList().Match(item.Replace("e.g.", "").Trim().TrimEnd('.').Trim()) is { Success: true } list) return list.Groups[1].Value;
            }
            if (member?.Element("summary") is { } summary
                && Regex.Match(Text(summary), $@"\b{Regex.Escape(name)}\b[^(:.]{{0,20}}[(:]\s*(?:e\.g\.\s*)?([a-z0-9]+(?:-[a-z0-9]+)*)", RegexOptions.IgnoreCase) is { Success: true } named
                && named.Groups[1].Value is not ("never" or "with" or "the" or "and" or "or" or "only" or "not"))
                return named.Groups[1].Value;
            return null;
        }

        [GeneratedRegex("^(?:or )?([a-z0-9]+(?:-[a-z0-9]+)*)(?: or [a-z0-9]+(?:-[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
        private static partial Regex CodeList();

        private static string Text(XElement element)
        {
            var builder = new StringBuilder();
            foreach (var node in element.Nodes())
                builder.Append(node switch
                {
                    XText text => text.Value,
                    XElement { Name.LocalName: "see" } see => ((string?)see.Attribute("cref"))?.Split('.', ':').Last() ?? see.Value,
                    XElement { Name.LocalName: "paramref" } p => (string?)p.Attribute("name"),
                    XElement other => other.Value,
                    _ => "",
                });
            return Regex.Replace(builder.ToString(), @"\s+", " ").Trim();
        }
    }
}
