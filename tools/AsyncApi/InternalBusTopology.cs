using System.Reflection;
using System.Reflection.Emit;
using MassTransit;
using TransnationalReferral.Contracts.Identification;
using TransnationalReferral.ServiceDefaults;
using TransnationalReferral.ServiceDefaults.CrossBorder;
using TransnationalReferral.ServiceDefaults.EventStore;
using TransnationalReferral.ServiceDefaults.Messaging;

namespace TransnationalReferral.AsyncApi;

/// <summary>
/// What travels on a node's bus, read from the code that does it (not from a list kept by hand): the contracts under
/// contracts/ (Identification, Protection, Return, Remedies, JudicialCooperation), which service publishes each one (the
/// contract records its <see cref="IOutgoingMap"/> constructs) and which consumers each service registers on its bus
/// (what its <c>AddReferralService</c> registers on a node with partners: its assembly's consumers and the case register's),
/// with the queue MassTransit names for them.
/// </summary>
public static class InternalBusTopology
{
    public static readonly string[] Areas = ["Identification", "Protection", "Return", "Remedies", "JudicialCooperation"];

    /// <summary>The five services: folder name under services/ and assembly name.</summary>
    public static readonly IReadOnlyList<(string Service, string Assembly)> Services = Areas.Select(a => (a, $"TransnationalReferral.{a}")).ToList();

    public sealed record Consumer(string Service, string Bus, Type ConsumerType, Type Message, string Queue, bool ForwardsToPartners);

    public sealed record Topology(IReadOnlyDictionary<Type, IReadOnlyList<string>> Publishers, IReadOnlyList<Consumer> Consumers);

    private static readonly Assembly ContractsAssembly = typeof(IdentificationCaseOpened).Assembly;

    /// <summary>Every public record of the five areas (records have a compiler-generated <c>&lt;Clone&gt;$</c>).</summary>
    public static IReadOnlyList<Type> ContractTypes() => ContractsAssembly.GetExportedTypes()
        .Where(t => t.IsClass && t.Namespace is { } ns && Areas.Any(a => ns == $"TransnationalReferral.Contracts.{a}") && t.GetMethod("<Clone>$") is not null)
        .OrderBy(t => t.Namespace, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();

    /// <summary>Records that only travel inside another contract (e.g. <c>PersonConcerned</c> in <c>JudicialRequestSent</c>).</summary>
    public static IReadOnlyList<Type> NestedTypes()
    {
        var contracts = ContractTypes();
        return contracts.Where(t => contracts.Any(c => c.GetProperties().Any(p => ElementType(p.PropertyType) == t))).ToList();
    }

    /// <summary>The contracts that are messages of their own: every contract record that is not only a part of another.</summary>
    public static IReadOnlyList<Type> MessageTypes() => ContractTypes().Except(NestedTypes()).ToList();

    public static Type ElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0]
        : Nullable.GetUnderlyingType(type) ?? type;

    public static Topology Discover()
    {
        var messages = MessageTypes().ToHashSet();
        var publishers = messages.ToDictionary(m => m, _ => new SortedSet<string>(StringComparer.Ordinal));
        var consumers = new List<Consumer>();
        foreach (var (service, assemblyName) in Services)
        {
            var assembly = Assembly.Load(assemblyName);
            foreach (var map in assembly.GetTypes().Where(t => !t.IsAbstract && typeof(IOutgoingMap).IsAssignableFrom(t)))
            {
                var method = map.GetMethod(nameof(IOutgoingMap.ToIntegrationEvent))!;
                foreach (var (instruction, target, _) in Walk(method, m => m.Module.Assembly == assembly))
                    if (instruction == OpCodes.Newobj && target.DeclaringType is { } created && messages.Contains(created))
                        publishers[created].Add(service);
            }

            // The consumers AddReferralService registers on a node with partners (the most a service runs).
            var description = ReferralRegistration.Of(assembly);
            var bus = description.Name;
            var registered = ReferralRegistration.Consumers(ReferralRegistration.Register(description, partners: true));
            var formatter = new KebabCaseEndpointNameFormatter(bus, false);
            var queueOf = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
            foreach (var consumer in registered.Distinct())
            foreach (var message in consumer.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
                         .Select(i => i.GetGenericArguments()[0]).Where(messages.Contains))
            {
                var queue = (string)queueOf.MakeGenericMethod(consumer).Invoke(formatter, null)!;
                var forwards = consumer.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(CrossBorderSender) || p.ParameterType == typeof(CrossBorderServices)));
                consumers.Add(new Consumer(service, bus, consumer, message, queue, forwards));
            }
        }
        return new Topology(publishers.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToList()),
            consumers.OrderBy(c => c.Message.Name, StringComparer.Ordinal).ThenBy(c => c.Service, StringComparer.Ordinal).ThenBy(c => c.Queue, StringComparer.Ordinal).ToList());
    }

    // ---- A small IL reader: the methods a method calls or constructs (call, callvirt, newobj, ldftn), followed into
    // the methods `follow` accepts (lambdas and local functions are methods of compiler-generated types), with the last
    // string literal loaded before each call (the service name given to AddMessageBus).

    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    static InternalBusTopology()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (value < 0x100) OneByte[value] = code;
            else if ((value & 0xff00) == 0xfe00) TwoByte[value & 0xff] = code;
        }
    }

    private static IEnumerable<(OpCode Instruction, MethodBase Target, string? LastString)> Walk(MethodBase start, Func<MethodBase, bool> follow)
    {
        var seen = new HashSet<MethodBase> { start };
        var pending = new Queue<MethodBase>([start]);
        while (pending.TryDequeue(out var method))
        {
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is null) continue;
            var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
            var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
            string? lastString = null;
            for (var i = 0; i < il.Length;)
            {
                var code = il[i] == 0xfe ? TwoByte[il[++i]] : OneByte[il[i]];
                i++;
                var operand = i;
                i += code.OperandType switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, operand),
                    _ => 4,
                };
                if (code.OperandType == OperandType.InlineString) lastString = method.Module.ResolveString(BitConverter.ToInt32(il, operand));
                if (code.OperandType != OperandType.InlineMethod) continue;
                MethodBase? target;
                try { target = method.Module.ResolveMethod(BitConverter.ToInt32(il, operand), typeArguments, methodArguments); }
                catch (ArgumentException) { continue; }
                if (target is null) continue;
                yield return (code, target, lastString);
                if (follow(target) && seen.Add(target)) pending.Enqueue(target);
            }
        }
    }
}
