using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TransnationalReferral.ServiceDefaults;

/// <summary>
/// The strict ISO 8601 date converters of <see cref="HttpDefaults.ConfigureJson"/> are custom converters, for which the
/// schema generator knows no type: dates are described as before — a string, <c>date-time</c> (an instant, with an
/// offset or Z) or <c>date</c> (yyyy-MM-dd), nullable where the member is.
/// </summary>
public sealed class IsoDateSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var nullable = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type);
        var type = nullable ?? context.JsonTypeInfo.Type;
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly))
        {
            schema.Type = nullable is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = type == typeof(DateOnly) ? "date" : "date-time";
        }
        return Task.CompletedTask;
    }
}
