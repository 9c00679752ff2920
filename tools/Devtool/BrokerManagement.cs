using System.Net.Http.Headers;
using System.Text;

namespace TransnationalReferral.Devtool;

/// <summary>RabbitMQ's management API as the node's administrator (TR_RABBITMQ_MANAGEMENT, the user of TR_RABBITMQ; both written by infra.sh).</summary>
public static class BrokerManagement
{
    public static HttpClient Client()
    {
        var amqp = new Uri(Node.Need("TR_RABBITMQ", "not set by Infra"));
        var management = new HttpClient { BaseAddress = new Uri(Node.Need("TR_RABBITMQ_MANAGEMENT", "not set by Infra")) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(amqp.UserInfo))));
        return management;
    }

    /// <summary>The virtual host of an amqp URI ("/" when it names none).</summary>
    public static string VhostOf(string amqpUri)
    {
        var vhost = Uri.UnescapeDataString(new Uri(amqpUri).AbsolutePath.TrimStart('/'));
        return vhost.Length > 0 ? vhost : "/";
    }
}
