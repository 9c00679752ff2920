using System.Reflection;
using MassTransit;

namespace TransnationalReferral.ServiceDefaults.Messaging;

/// <summary>
/// Which consumers a service runs, found in its assembly rather than listed by hand: every concrete MassTransit consumer
/// class; those that need the cross-border exchange (a constructor parameter of a type from
/// <c>ServiceDefaults.CrossBorder</c>, such as <see cref="CrossBorderSender"/> or <see cref="PartnerKeys"/>) only on a
/// node with partners, where the exchange is registered.
/// </summary>
public static class ConsumerConventions
{
    /// <summary>The consumer classes of <paramref name="assembly"/> a node runs, with or without cross-border partners.</summary>
    public static IReadOnlyList<Type> ConsumersOf(Assembly assembly, bool crossBorder) => assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IConsumer).IsAssignableFrom(t))
        .Where(t => crossBorder || !NeedsCrossBorderExchange(t))
        .ToList();

    /// <summary>The type can only be built where the cross-border exchange is registered.</summary>
    public static bool NeedsCrossBorderExchange(Type type) =>
        type.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType.Namespace == typeof(CrossBorderSender).Namespace));

    /// <summary>Registers <see cref="ConsumersOf"/> on the bus.</summary>
    public static void AddConsumersOf(this IBusRegistrationConfigurator bus, Assembly assembly, bool crossBorder)
    {
        foreach (var consumer in ConsumersOf(assembly, crossBorder)) bus.AddConsumer(consumer);
    }
}
