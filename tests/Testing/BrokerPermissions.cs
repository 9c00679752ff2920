using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace TransnationalReferral.Testing;

/// <summary>Probes a RabbitMQ user's permissions: what the broker must refuse closes the channel with ACCESS_REFUSED (403).</summary>
public static class BrokerPermissions
{
    public const ushort AccessRefused = 403;

    /// <summary>Opens a channel on <paramref name="connection"/> (the user probed), with publisher confirms when <paramref name="confirms"/>.</summary>
    public static Task<IChannel> ChannelAsync(this IConnection connection, bool confirms = false) =>
        connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: confirms, publisherConfirmationTrackingEnabled: confirms));

    /// <summary>Runs <paramref name="operation"/> as the connection's user and asserts the broker refused it (403 ACCESS_REFUSED).</summary>
    public static async Task AssertRefusedAsync(this IConnection connection, string what, Func<IChannel, Task> operation, bool confirms = false)
    {
        var channel = await connection.ChannelAsync(confirms);
        Exception? error = null;
        try
        {
            await operation(channel);
            // A refused publish is asynchronous without confirms; with confirms the broker closes the channel instead of acking.
            var clock = Stopwatch.StartNew();
            while (channel.IsOpen && clock.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(20);
        }
        catch (Exception e)
        {
            error = e;
        }
        var reason = (error as OperationInterruptedException)?.ShutdownReason ?? channel.CloseReason;
        Assert.That(reason, Is.Not.Null, $"{what}: the broker should have refused it, but it was accepted");
        Assert.That(reason!.ReplyCode, Is.EqualTo(AccessRefused), $"{what}: {reason.ReplyText}");
        Assert.That(reason.ReplyText, Does.Contain("ACCESS_REFUSED"), what);
        channel.Dispose();
    }
}
