using System.Reflection;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TransnationalReferral.ServiceDefaults;

namespace TransnationalReferral.AsyncApi;

/// <summary>
/// What a service's <c>AddReferralService</c> registers, read from the service collection it fills (nothing is built or
/// started): on a node without partners, or with one (<c>CrossBorder:Partners</c>).
/// </summary>
public static class ReferralRegistration
{
    /// <summary>The service's description: the one concrete <see cref="ReferralService"/> of its assembly.</summary>
    public static ReferralService Of(Assembly assembly) => (ReferralService)Activator.CreateInstance(
        assembly.GetTypes().Single(t => t is { IsClass: true, IsAbstract: false } && typeof(ReferralService).IsAssignableFrom(t)))!;

    /// <param name="authentication">How the service would authenticate callers (read at registration, never used): by default
    /// a development key, in Development, where no other setting is required.</param>
    public static IServiceCollection Register(ReferralService service, bool partners, IReadOnlyDictionary<string, string>? authentication = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = authentication is null ? "Development" : "Testing", ApplicationName = service.GetType().Assembly.GetName().Name,
        });
        var settings = (authentication ?? new Dictionary<string, string> { ["Auth:DevelopmentSigningKey"] = "registration-only-never-signs-anything-0123456789" })
            .ToDictionary(s => s.Key, s => (string?)s.Value);
        settings["Node:Jurisdiction"] = "NL";
        if (partners) settings["CrossBorder:Partners:AT:PublicKey"] = "(not read at registration)";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddReferralService(service);
        return builder.Services;
    }

    /// <summary>The consumer classes on the service's bus (MassTransit registers each as a service of its own type).</summary>
    public static IReadOnlyList<Type> Consumers(IServiceCollection services) => services
        .Where(d => d.ServiceType is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(d.ServiceType))
        .Select(d => d.ServiceType).Distinct().ToList();
}
