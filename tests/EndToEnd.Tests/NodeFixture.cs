namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>A fixture whose tests share one whole node (<see cref="Tests.Node"/>), started once and stopped after the last test.</summary>
public abstract class NodeFixture
{
    protected Node Node { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartNode() => Node = await Node.StartAsync();

    [OneTimeTearDown]
    public async Task StopNode() => await Node.DisposeAsync();
}
