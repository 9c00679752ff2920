using System.Reflection;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TransnationalReferral.ServiceDefaults;

namespace TransnationalReferral.Testing;

/// <summary>
/// What a service's <c>AddReferralService</c> registers, read from the service collection it fills (nothing is built or
/// started): on a node without partners, or with one (<c>CrossBorder:Partners</c>).
/// </summary>
public static class ReferralRegistration
{
    /// <summary>The service's description: the one concrete <see cref="ReferralService"/> of its assembly.</summary>
    public static ReferralService Of(Assembly assembly) => (ReferralService)Activator.CreateInstance(
        assembly.GetTypes().Single(t => t is { IsClass: true, IsAbstract: false } && typeof(ReferralService).IsAssignableFrom(t)))!;

    public static IServiceCollection Register(ReferralService service, bool partners)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = service.GetType().Assembly.GetName().Name });
        var settings = TestTokens.Settings.ToDictionary(s => s.Key, s => (string?)s.Value);
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
