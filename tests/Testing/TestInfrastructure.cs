using DotNet.Testcontainers.Builders;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace TransnationalReferral.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ the tests run against: the servers the build started (TR_POSTGRES,
/// TR_RABBITMQ, TR_RABBITMQ_MANAGEMENT from <c>deploy/local/infra.sh</c>), or containers when a Docker
/// daemon answers, or a failure at once that says which was missing.
/// </summary>
public sealed record TestInfrastructure(string PostgresAdmin, Uri RabbitMq, Uri RabbitMqManagement)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TestInfrastructure? _current;

    public static async Task<TestInfrastructure> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _current ??= await ResolveAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<TestInfrastructure> ResolveAsync()
    {
        var postgres = Environment.GetEnvironmentVariable("TR_POSTGRES");
        var rabbit = Environment.GetEnvironmentVariable("TR_RABBITMQ");
        var management = Environment.GetEnvironmentVariable("TR_RABBITMQ_MANAGEMENT");
        if (!string.IsNullOrWhiteSpace(postgres) && !string.IsNullOrWhiteSpace(rabbit) && !string.IsNullOrWhiteSpace(management))
            return new TestInfrastructure(postgres, new Uri(rabbit), new Uri(management));

        try
        {
            var pg = new PostgreSqlBuilder("postgres:15").Build();
            var mq = new RabbitMqBuilder("rabbitmq:3.10.8-management").WithPortBinding(15672, true).Build();
            await Task.WhenAll(pg.StartAsync(), mq.StartAsync());
            var amqp = new UriBuilder(mq.GetConnectionString()) { Path = "/" }.Uri;
            var http = new Uri($"http://{mq.Hostname}:{mq.GetMappedPublicPort(15672)}");
            return new TestInfrastructure(pg.GetConnectionString(), amqp, http);
        }
        catch (DockerUnavailableException e)
        {
            throw new InvalidOperationException(
                "No PostgreSQL/RabbitMQ for the tests: TR_POSTGRES, TR_RABBITMQ and TR_RABBITMQ_MANAGEMENT are not set " +
                "(run the tests with ./build.sh --target=Test, which starts them) and no Docker daemon answers for Testcontainers.", e);
        }
    }
}
