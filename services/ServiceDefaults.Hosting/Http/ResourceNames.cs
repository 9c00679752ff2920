using Microsoft.AspNetCore.Diagnostics;

namespace TransnationalReferral.ServiceDefaults.Http;

/// <summary>
/// What an endpoint's caller acts on, as its 404, 409 and 428 answers name it: "case" unless the endpoint (or its
/// group) says otherwise — a provider answering a referral may not see the case, so its 409 speaks of "the referral".
/// </summary>
public sealed record ResourceName(string Name)
{
    public const string Default = "case";
}

public static class ResourceNames
{
    /// <summary>Names what the endpoints of <paramref name="builder"/> act on (e.g. <c>.Names("referral")</c>) in their 404, 409 and 428 answers.</summary>
    public static TBuilder Names<TBuilder>(this TBuilder builder, string name) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ResourceName(name));

    /// <summary>
    /// What the current endpoint acts on, in lower case ("case" by default) — also while an exception is handled, when
    /// the exception handler has cleared the endpoint and keeps it in <see cref="IExceptionHandlerFeature"/>.
    /// </summary>
    public static string ResourceName(this HttpContext http) =>
        (http.GetEndpoint() ?? http.Features.Get<IExceptionHandlerFeature>()?.Endpoint)?.Metadata.GetMetadata<ResourceName>()?.Name ?? Http.ResourceName.Default;
}
