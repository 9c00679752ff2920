using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TransnationalReferral.ServiceDefaults.CrossBorder;

public static class CrossBorderExtensions
{
    /// <summary>
    /// The node's cross-border exchange: signer (<c>CrossBorder:SigningKey</c>), partners' keys
    /// (<c>CrossBorder:Partners:{ISO}:PublicKey</c>), the ledger, the sender (the only way out), and — when
    /// <c>CrossBorder:Receive</c> is true — the receiver on the node's inbox (one process per node consumes it); and the
    /// response deadlines of the requests this process sent. <paramref name="service"/> names the service: one with a
    /// route (<see cref="CrossBorderTopology.Routes"/>) consumes its own inbox, any other the node's default inbox.
    /// </summary>
    public static IHostApplicationBuilder AddCrossBorderExchange(this IHostApplicationBuilder builder, string? service = null)
    {
        builder.Services.AddSingleton(new CrossBorderInbox(CrossBorderTopology.InboxOf(service)));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(_ => new ServiceIdentity("crossborder", Security.UnsafeDefaults.Jurisdiction(builder.Configuration)));
        builder.Services.AddSingleton<CrossBorderSigner>();
        builder.Services.AddSingleton<PartnerKeys>();
        builder.Services.TryAddSingleton<BilateralIdentityKeys>();
        builder.Services.AddSingleton<CrossBorderLedger>();
        // Its tables are part of the service's schema: `migrate` applies them, a Production start checks them (DatabaseSchema).
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ISchemaPart, CrossBorderLedgerSchema>());
        builder.Services.AddSingleton<CrossBorderBroker>();
        builder.Services.AddSingleton<CrossBorderSender>();
        builder.Services.AddSingleton<CrossBorderServices>();
        builder.Services.AddLeases();
        builder.Services.AddSingleton<CrossBorderDeadlines>();
        builder.Services.AddHostedService(s => s.GetRequiredService<CrossBorderDeadlines>());
        if (builder.Configuration.GetValue("CrossBorder:Receive", false)) builder.Services.AddHostedService<CrossBorderReceiver>();
        return builder;
    }

    /// <summary>
    /// The exchange and what a service does with it, found in its assembly: every <see cref="ICrossBorderHandler"/> (partners'
    /// requests and answers arriving in its inbox) and <see cref="ICrossBorderOverdueHandler"/> (its requests left unanswered).
    /// </summary>
    public static IHostApplicationBuilder AddCrossBorderExchange(this IHostApplicationBuilder builder, string service, Assembly handlers)
    {
        builder.AddCrossBorderExchange(service);
        foreach (var handler in ConcreteTypes(handlers, typeof(ICrossBorderHandler))) builder.Services.AddSingleton(typeof(ICrossBorderHandler), handler);
        foreach (var handler in ConcreteTypes(handlers, typeof(ICrossBorderOverdueHandler))) builder.Services.AddSingleton(typeof(ICrossBorderOverdueHandler), handler);
        return builder;
    }

    private static IEnumerable<Type> ConcreteTypes(Assembly assembly, Type contract) => assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && contract.IsAssignableFrom(t)); // in declaration order: the order they run in

    public static IServiceCollection AddCrossBorderOverdueHandler<THandler>(this IServiceCollection services) where THandler : class, ICrossBorderOverdueHandler =>
        services.AddSingleton<ICrossBorderOverdueHandler, THandler>();

    public static IServiceCollection AddCrossBorderHandler<THandler>(this IServiceCollection services) where THandler : class, ICrossBorderHandler =>
        services.AddSingleton<ICrossBorderHandler, THandler>();
}
