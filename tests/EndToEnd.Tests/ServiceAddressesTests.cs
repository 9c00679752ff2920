extern alias Gateway;

using Gateway::TransnationalReferral.Gateway.Balancing;
using Microsoft.Extensions.Configuration;

namespace TransnationalReferral.EndToEnd.Tests;

/// <summary>How the gateway reads where a service's instances run (<c>Services:{name}</c>) and how it balances over them (<c>LoadBalancing</c>).</summary>
public class ServiceAddressesTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))).Build();

    [Test]
    public void One_address_is_one_instance_without_its_trailing_slash() =>
        Assert.That(ServiceAddresses.Of(Settings(("Services:identification", "http://127.0.0.1:5101/")), "identification"), Is.EqualTo(new[] { "http://127.0.0.1:5101" }));

    [TestCase("http://127.0.0.1:5101,http://127.0.0.1:5111,http://127.0.0.1:5121")]
    [TestCase("http://127.0.0.1:5101; http://127.0.0.1:5111 ;http://127.0.0.1:5121")]
    [TestCase(" http://127.0.0.1:5101  http://127.0.0.1:5111\nhttp://127.0.0.1:5121 ")]
    public void Several_addresses_in_one_string_are_instances_in_their_order(string value) =>
        Assert.That(ServiceAddresses.Of(Settings(("Services:identification", value)), "identification"),
            Is.EqualTo(new[] { "http://127.0.0.1:5101", "http://127.0.0.1:5111", "http://127.0.0.1:5121" }));

    [Test]
    public void An_array_is_instances_in_index_order() =>
        Assert.That(ServiceAddresses.Of(Settings(("Services:protection:1", "http://10.0.0.2:8080"), ("Services:protection:0", "http://10.0.0.1:8080"), ("Services:protection:10", "http://10.0.0.3:8080")), "protection"),
            Is.EqualTo(new[] { "http://10.0.0.1:8080", "http://10.0.0.2:8080", "http://10.0.0.3:8080" }));

    [Test]
    public void An_address_listed_twice_is_one_instance() =>
        Assert.That(ServiceAddresses.Of(Settings(("Services:return", "http://127.0.0.1:5103,http://127.0.0.1:5103/")), "return"), Is.EqualTo(new[] { "http://127.0.0.1:5103" }));

    [Test]
    public void Instances_are_named_after_the_service_and_their_place() =>
        Assert.That(new[] { ServiceAddresses.DestinationId("remedies", 0), ServiceAddresses.DestinationId("remedies", 1) }, Is.EqualTo(new[] { "remedies-1", "remedies-2" }));

    [TestCase("")]
    [TestCase(" , ")]
    public void No_address_is_refused_naming_the_setting(string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ServiceAddresses.Of(Settings(("Services:judicial", value)), "judicial"));
        Assert.That(refused!.Message, Does.Contain("Services:judicial"));
    }

    [TestCase("127.0.0.1:5105")]
    [TestCase("ftp://127.0.0.1:5105")]
    [TestCase("http://127.0.0.1:5105,/relative")]
    public void An_address_that_is_not_absolute_http_is_refused_naming_it(string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ServiceAddresses.Of(Settings(("Services:judicial", value)), "judicial"));
        Assert.That(refused!.Message, Does.Contain("Services:judicial").And.Contain("not an absolute http(s) address"));
    }

    [Test]
    public void Balancing_defaults_to_power_of_two_choices_with_checks_every_5_seconds()
    {
        var settings = BalancingSettings.From(Settings());
        Assert.That(settings, Is.EqualTo(new BalancingSettings("PowerOfTwoChoices", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10))));
        Assert.That(settings.RetryAfterSeconds, Is.EqualTo(5));
    }

    [Test]
    public void Balancing_settings_are_read_and_a_bad_one_is_refused()
    {
        var settings = BalancingSettings.From(Settings(("LoadBalancing:Policy", "RoundRobin"), ("LoadBalancing:HealthCheckIntervalSeconds", "0.5"),
            ("LoadBalancing:HealthCheckTimeoutSeconds", "1"), ("LoadBalancing:ReactivationSeconds", "20")));
        Assert.That(settings, Is.EqualTo(new BalancingSettings("RoundRobin", TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20))));
        Assert.That(settings.RetryAfterSeconds, Is.EqualTo(1));
        var refused = Assert.Throws<InvalidOperationException>(() => BalancingSettings.From(Settings(("LoadBalancing:ReactivationSeconds", "soon"))));
        Assert.That(refused!.Message, Does.Contain("LoadBalancing:ReactivationSeconds"));
    }
}
