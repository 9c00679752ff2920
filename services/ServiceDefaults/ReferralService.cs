using System.Reflection;
using TransnationalReferral.ServiceDefaults.Deadlines;

namespace TransnationalReferral.ServiceDefaults;

/// <summary>
/// What is specific to one service (its <c>&lt;Service&gt;Service.cs</c>): names, the aggregates and documents it stores,
/// what it publishes, its own services and the endpoints of its areas. Everything else is found by convention in the
/// service's assembly by <see cref="ReferralServiceExtensions.AddReferralService"/>.
/// </summary>
/// <param name="name">The service's name: telemetry, bus endpoints (queues), the cross-border inbox and <c>/api/{name}</c>.</param>
/// <param name="outgoing">What it publishes on the bus (the outbox map).</param>
/// <param name="schema">Its PostgreSQL schema, when not its name.</param>
public abstract class ReferralService(string name, IOutgoingMap outgoing, string? schema = null)
{
    public string Name => name;

    /// <summary>Its name in OpenAPI operation names (<c>{Title}Operations</c>): by default the assembly's last segment.</summary>
    public virtual string Title => GetType().Assembly.GetName().Name!.Split('.')[^1];

    public string Schema => schema ?? name;

    public IOutgoingMap Outgoing => outgoing;

    /// <summary>False only where the case register is projected from the service's own streams (Identification).</summary>
    public virtual bool KeepsCaseRegisterFromBus => true;

    /// <summary>The aggregates, projections and documents it stores beside the shared ones.</summary>
    public abstract void ConfigureStore(StoreOptions store);

    /// <summary>Its own services: options, durations it records, handlers that take arguments.</summary>
    public virtual void AddServices(IHostApplicationBuilder builder) { }

    /// <summary>The endpoints of its areas under <c>/api/{Name}</c> (audit, operations and cross-border endpoints are added for it).</summary>
    public abstract void MapApi(RouteGroupBuilder api);
}

/// <summary>The service this process is, and whether its node exchanges across borders (decided once, at start).</summary>
public sealed record ReferralNode(ReferralService Service, bool CrossBorder);

public static class ReferralServiceExtensions
{
    /// <summary>
    /// Everything a service registers: the service defaults, its event store, its bus with the consumers of its assembly
    /// (the case register's where it keeps it from the bus), and — on a node with <c>CrossBorder:Partners</c> — the
    /// cross-border exchange with the consumers that need it and its handlers; its own services, the deadline
    /// handlers and ops figures of its assembly.
    /// </summary>
    public static WebApplicationBuilder AddReferralService(this WebApplicationBuilder builder, ReferralService service)
    {
        var assembly = service.GetType().Assembly;
        var crossBorder = builder.Configuration.GetSection("CrossBorder:Partners").Exists();
        builder.AddServiceDefaults(service.Name);
        builder.Services.AddSingleton(new ReferralNode(service, crossBorder));
        builder.AddEventStore(service.Schema, store =>
        {
            FactsFromIdentificationRegistration.MapEvents(store);
            service.ConfigureStore(store);
        }, service.Outgoing);
        builder.AddMessageBus(service.Name, bus =>
        {
            if (service.KeepsCaseRegisterFromBus) bus.AddCaseRegister();
            bus.AddFactsFromIdentification(assembly);
            bus.AddConsumersOf(assembly, crossBorder);
        });
        // A node with partners exchanges across borders: its requests leave signed through the gates, partners' arrive in its inbox.
        if (crossBorder) builder.AddCrossBorderExchange(service.Name, assembly);
        service.AddServices(builder);
        // Deadline handlers the service registered itself (with arguments) are not added again.
        foreach (var handler in ConcreteTypes(assembly, typeof(IDeadlineHandler)).Where(t => !builder.Services.Any(d =>
                     d.ServiceType == typeof(IDeadlineHandler) && (d.ImplementationType == t || d.ImplementationInstance?.GetType() == t))))
            builder.Services.AddSingleton(typeof(IDeadlineHandler), handler);
        builder.Services.AddDeadlines();
        foreach (var figures in ConcreteTypes(assembly, typeof(IOpsFigures))) builder.Services.AddSingleton(typeof(IOpsFigures), figures);
        if (OpenApi.RequestExamples.Of(assembly) is { } examples) builder.Services.AddSingleton(examples);
        return builder;
    }

    /// <summary>A service's whole Program: registers it, builds it, maps its API and runs it (or the command its arguments name).</summary>
    public static int RunReferralService(this WebApplicationBuilder builder, ReferralService service, string[] args)
    {
        builder.AddReferralService(service);
        var app = builder.Build();
        app.UseReferralService();
        return app.RunServiceOrCommand(args);
    }

    /// <summary>The service defaults' middleware and endpoints, then the service's API under <c>/api/{Name}</c>.</summary>
    public static WebApplication UseReferralService(this WebApplication app)
    {
        var (service, crossBorder) = app.Services.GetRequiredService<ReferralNode>();
        app.UseServiceDefaults();
        // Dates in the query only in ISO 8601, for every endpoint of the service (bodies: HttpDefaults.ConfigureJson).
        var api = app.MapGroup($"/api/{service.Name}").RequireIsoDates();
        service.MapApi(api);
        api.MapAuditEndpoints(service.Title);
        api.MapOpsSummary(service.Title);
        if (crossBorder) api.MapCrossBorderEndpoints(service.Title);
        return app;
    }

    private static IEnumerable<Type> ConcreteTypes(Assembly assembly, Type contract) => assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && contract.IsAssignableFrom(t));
}
