using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace TransnationalReferral.ServiceDefaults.OpenApi;

/// <summary>
/// The OpenAPI document of a service (<c>/openapi/v1.json</c>, shown by the gateway's <c>/docs</c>), complete enough to
/// take a decision from it: every write operation declares what the code really answers — 400 validation problem, 401,
/// 403, and for a decision (<see cref="DecisionMetadata"/>) <c>Idempotency-Key</c>, 404, 409, 422 and, when it decides
/// on something that exists, a required <c>If-Match</c> with 428 (an absent or unreadable If-Match is answered 428, a
/// stale one 409: there is no 412) and the new <c>ETag</c>; each problem with the one shared ProblemDetails schema.
/// 201 answers carry <c>Location</c>; <c>purpose</c> is required and enumerated; every request body has the example
/// the service's <c>OpenApiExamples</c> gives; schema names are unique across the five documents.
/// </summary>
public static class OpenApiDocuments
{
    public const string ProblemSchema = nameof(ProblemDetails), ValidationProblemSchema = nameof(HttpValidationProblemDetails);

    /// <summary>What each <see cref="AccessPurpose"/> allows, as the <c>purpose</c> parameter's description says it.</summary>
    public static readonly IReadOnlyDictionary<AccessPurpose, string> PurposeMeaning = new Dictionary<AccessPurpose, string>
    {
        [AccessPurpose.Identification] = "identifying the person as a (presumed) victim: indicators, grounds, identity",
        [AccessPurpose.Assistance] = "arranging assistance and protection: shelter, referrals, support services",
        [AccessPurpose.ReturnAndReintegration] = "preparing a safe return and reintegration in the country of origin",
        [AccessPurpose.Compensation] = "claims for compensation, unpaid wages and restitution",
        [AccessPurpose.CriminalProceedings] = "investigation and prosecution, judicial cooperation with other states",
        [AccessPurpose.Audit] = "oversight of how the case was handled (auditors, data protection officers)",
        [AccessPurpose.VictimRequest] = "answering the person's own request to see their data",
    };

    /// <summary>What each tag of the five documents (and the gateway's) groups, shown as the docs page's section headings.</summary>
    public static readonly IReadOnlyDictionary<string, string> TagMeaning = new Dictionary<string, string>
    {
        ["Cases"] = "The case as this service keeps it, and the decisions taken on it.",
        ["Personal data"] = "The person's identity in the vault: written, read with a purpose, erased; never in events or logs.",
        ["Indicators"] = "Indicators of trafficking observed on a case (ILO/OSCE catalogue).",
        ["Statistics"] = "Anonymised figures for reporting (small counts suppressed).",
        ["Identification assistance"] = "Requests to and from partner countries to help identify a presumed victim.",
        ["Access log"] = "Who read personal data or a full history, when and why (auditors).",
        ["Audit"] = "Tamper evidence: hash-chain verification, signed checkpoints and their public key.",
        ["Operations"] = "Figures for the people who run the node: backlog, deadlines, outbox.",
        ["Requests"] = "Judicial cooperation requests with other states: drafted, assessed, sent, answered.",
        ["Proceeds for victims"] = "Confiscated proceeds returned to compensate victims.",
        ["Partners' protection requests"] = "Protection asked by a partner country for a person who relocates here.",
        ["Referrals"] = "Referrals of a person to a service provider, and the provider's answer.",
        ["Service providers"] = "Your jurisdiction's catalogue of providers: services, places, who they serve.",
        ["Residence permits"] = "Residence permits for victims (reflection, cooperation, personal situation).",
        ["Remedies cases"] = "The remedies case: information on remedies, legal aid, assets.",
        ["Claims"] = "Compensation claims: filed, decided, paid.",
        ["Return cases"] = "A safe and voluntary return: information, risk assessment, arrangements.",
        ["Reception and reintegration"] = "Returns received from another country: reception, reintegration, follow-up.",
        ["Notifications"] = "Your organisation's subscriptions to notices (e-mail, signed webhooks), its delivery log and replay: ids and links only, never personal data.",
        ["Cross-border exchange"] = "The node's signed messages with partner countries about a request, with their delivery evidence.",
        ["audit (gateway)"] = "The gateway's own audit views over every service: timeline, export, signing keys.",
    };

    public static WebApplicationBuilder AddOpenApiDocuments(this WebApplicationBuilder builder, string service)
    {
        builder.Services.AddOpenApi(o =>
        {
            o.CreateSchemaReferenceId = SchemaNames.Of;
            o.AddDocumentTransformer((document, context, ct) => DescribeAsync(document, context, service, ct));
            o.AddOperationTransformer((operation, context, ct) => DescribeOperation(operation, context, service));
            o.AddSchemaTransformer((schema, context, ct) =>
            {
                // Members that only read data stored under a former name are not part of the API.
                foreach (var property in context.JsonTypeInfo.Properties.Where(p => p.AttributeProvider?.IsDefined(typeof(EventStore.StoredOnlyAttribute), true) == true))
                    schema.Properties?.Remove(property.Name);
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    private static async Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, string service, CancellationToken ct)
    {
        document.Info.Title = $"TransnationalReferral — {service}";
        document.Info.Description = "Paths are as the gateway exposes them. Every operation needs a bearer token (role, organisation, jurisdiction). " +
            "Decisions on an existing case need If-Match with the ETag last received (428 without it, 409 when stale); decisions may carry an Idempotency-Key. " +
            "Refusals are ProblemDetails (application/problem+json) whose type is the rule. Every request body shows an example that is accepted as it is.";
        document.Servers = [new() { Url = "/", Description = "The gateway that serves this document" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "In Development: ./build.sh --target=Token --role=FocalPoint --jurisdiction=NL",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (string.IsNullOrEmpty(tag.Description) && tag.Name is { } name && TagMeaning.TryGetValue(name, out var meaning)) tag.Description = meaning;
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, type) in new[] { (ProblemSchema, typeof(ProblemDetails)), (ValidationProblemSchema, typeof(HttpValidationProblemDetails)) })
            if (!document.Components.Schemas.ContainsKey(name))
                document.Components.Schemas[name] = await context.GetOrCreateSchemaAsync(type, cancellationToken: ct);
    }

    private static bool IsWrite(string? method) => method is "POST" or "PUT" or "PATCH" or "DELETE";

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, string service)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        operation.Responses ??= new OpenApiResponses();
        operation.Parameters ??= [];

        if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            Problem(operation, document, "401", "No valid bearer token.");
            Problem(operation, document, "403", "The token's role, organisation or jurisdiction may not do this.");
        }

        // The services' paths are the gateway's, and the gateway limits every proxied route per caller.
        if (service != "gateway")
        {
            Problem(operation, document, "429", "Too many requests from this caller in the gateway's window: wait the Retry-After seconds.");
            if (operation.Responses["429"] is OpenApiResponse limited) ResponseHeader(limited, "Retry-After", "Seconds to wait before the next request.");
        }

        if (IsWrite(description.HttpMethod))
            Problem(operation, document, "400", "The request is invalid: the problem's errors name each field and what is wrong.", ValidationProblemSchema);

        var decision = metadata.OfType<DecisionMetadata>().ToList();
        if (decision.Count > 0)
        {
            Header(operation, DecisionEndpoints.IdempotencyKeyHeader, required: false,
                "Makes a retry safe: the same key with the same body gets the first answer (Idempotent-Replayed: true) and appends nothing; with another body, 422.");
            Problem(operation, document, "404", "What it decides on does not exist, or the caller may not see it.");
            Problem(operation, document, "409", "Refused: a rule of the law forbids it now, or If-Match is stale (read again, then decide on what you saw).");
            Problem(operation, document, "422", "Refused: the request contradicts what is recorded, or the Idempotency-Key was used for another body.");
        }
        if (decision.Any(d => d.OnExisting))
        {
            Header(operation, "If-Match", required: true, "The ETag last received for what it decides on (e.g. \"3\"): the decision is taken on that version or not at all.");
            Problem(operation, document, "428", "If-Match is missing or unreadable: send the ETag last received.");
            if (!(operation.Summary ?? "").EndsWith(DecisionEndpoints.IfMatchSentence, StringComparison.Ordinal))
                operation.Summary = string.IsNullOrEmpty(operation.Summary) ? DecisionEndpoints.IfMatchSentence : $"{operation.Summary} {DecisionEndpoints.IfMatchSentence}";
            if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse accepted)
                ResponseHeader(accepted, "ETag", "The new version: send it as If-Match with the next decision.");
        }
        if (operation.Responses.TryGetValue("201", out var created) && created is OpenApiResponse createdResponse)
        {
            ResponseHeader(createdResponse, "Location", "Where what was created is read (a path under the gateway).");
            if (decision.Count > 0) ResponseHeader(createdResponse, "ETag", "The new version of what the decision was taken on (send it as If-Match with the next decision on it); the Location answers the created thing with its own ETag.");
        }

        Purpose(operation);
        Example(operation, context);
        return Task.CompletedTask;
    }

    private static void Problem(OpenApiOperation operation, OpenApiDocument document, string status, string description, string schema = ProblemSchema)
    {
        if (operation.Responses!.TryGetValue(status, out var existing))
        {
            if (existing is OpenApiResponse declared && string.IsNullOrEmpty(declared.Description)) declared.Description = description;
            return;
        }
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) } },
        };
    }

    private static void Header(OpenApiOperation operation, string name, bool required, string description)
    {
        var existing = operation.Parameters!.FirstOrDefault(p => p.In == ParameterLocation.Header && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (existing is not null) operation.Parameters!.Remove(existing);
        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static void ResponseHeader(OpenApiResponse response, string name, string description)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
    }

    /// <summary>A read of personal data or a full history states why: required, one of the kebab-case <see cref="AccessPurpose"/> codes.</summary>
    private static void Purpose(OpenApiOperation operation)
    {
        if (operation.Parameters!.FirstOrDefault(p => p.In == ParameterLocation.Query && p.Name == "purpose") is not OpenApiParameter purpose) return;
        var values = Enum.GetValues<AccessPurpose>();
        purpose.Required = true;
        purpose.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(Codes.Of(v))!)] };
        purpose.Description = "Why you read this, recorded in the access log before anything is answered (400 without it; 403 when it is outside the purposes a share grants you): " +
            string.Join("; ", values.Select(v => $"`{Codes.Of(v)}` — {PurposeMeaning[v]}")) + ".";
    }

    /// <summary>The request body's example from the service's <see cref="RequestExamples"/>, serialized as the API reads it.</summary>
    private static void Example(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body)?.Type;
        if (body is null || operation.RequestBody?.Content is not { } content) return;
        var examples = context.ApplicationServices.GetService<RequestExamples>();
        if (examples?.For(body) is not { } example) return;
        var json = context.ApplicationServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var node = WithoutNulls(JsonSerializer.SerializeToNode(example, body, json));
        foreach (var media in content.Values.OfType<OpenApiMediaType>()) media.Example = node?.DeepClone();
    }

    /// <summary>An example shows what is sent: optional members left out are omitted rather than shown as null.</summary>
    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        if (node is JsonObject members)
            foreach (var (name, value) in members.ToList())
                if (value is null) members.Remove(name);
                else WithoutNulls(value);
        else if (node is JsonArray items)
            foreach (var item in items) WithoutNulls(item);
        return node;
    }
}
