using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Broker.Dispatch;
using Wharf.Broker.Network;
using Wharf.Configuration;
using Wharf.Testing;

namespace Wharf.Broker.Tests;

public sealed class BrokerOptionsTests
{
    /// <summary>
    /// Regression: storage and group settings were read only when the broker started, after meta.properties and
    /// the log directory had been created (and the clean-shutdown marker consumed), so `wharf broker -o
    /// log.retention.ms=soon` touched the data directory before refusing the value. Now reading the options
    /// checks them all (the end-to-end test checks that the data directory stays untouched).
    /// </summary>
    [Theory]
    [InlineData("log.retention.ms", "soon")]
    [InlineData("log.flush.interval.messages", "0")]
    [InlineData("group.max.size", "0")]
    [InlineData("num.partitions", "0")]
    [InlineData("socket.request.max.bytes", "-5")]
    public void Every_setting_is_checked_when_the_options_are_read(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => BrokerOptions.FromSettings(new Settings(new Dictionary<string, string> { [key] = value }), "data"));

        Assert.Contains("Invalid value " + value + " for configuration " + key, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Regression: an unresolvable listener host escaped as an unhandled SocketException (with a stack trace).</summary>
    [Fact]
    public void A_listener_host_that_does_not_resolve_is_a_configuration_error_of_listeners()
    {
        var settings = new Settings(new Dictionary<string, string> { ["listeners"] = "PLAINTEXT://no-such-host.invalid:9092" });

        var error = Assert.Throws<ConfigurationException>(() => BrokerOptions.FromSettings(settings, "data"));

        Assert.Contains("listeners", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not resolve", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Regression: binding an address of another machine escaped as an unhandled SocketException.</summary>
    [Fact]
    public async Task A_listener_on_an_address_of_another_machine_fails_to_start_with_an_IOException_naming_it()
    {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine.
        var server = new KafkaServer(new KafkaServerOptions { EndPoint = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 0) }, new RequestDispatcher(), NullLoggerFactory.Instance);
        await using (server)
        {
            var error = await Assert.ThrowsAsync<IOException>(() => server.StartAsync(TestContext.Current.CancellationToken));

            Assert.Contains("192.0.2.1", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Keys_nothing_reads_are_unknown_but_the_keys_of_Kafkas_own_configuration_files_are_not()
    {
        var settings = new Settings(new Dictionary<string, string>
        {
            ["num.partiton"] = "3",
            ["ssl.keystore.location"] = "/etc/kafka.jks",
            ["num.partitions"] = "2",
            ["log.retention.hours"] = "1",
            ["log.dir"] = "/tmp/ignored-because-log-dirs-wins",
            ["log.dirs"] = "/tmp/logs",
            ["group.max.size"] = "5",
            ["zookeeper.connect"] = "localhost:2181",
            ["process.roles"] = "broker,controller",
            ["num.network.threads"] = "3",
        });

        var options = BrokerOptions.FromSettings(settings, "data");

        Assert.Equal(["num.partiton", "ssl.keystore.location"], options.UnknownKeys);
        Assert.Contains("num.partitions", options.KnownKeys);
        Assert.Contains("log.segment.bytes", options.KnownKeys);
        Assert.Contains("offsets.retention.minutes", options.KnownKeys);
    }

    /// <summary>Regression: a log directory that cannot be created was reported as "Could not find file".</summary>
    [Fact]
    public void A_log_directory_that_cannot_be_created_is_named_in_the_error()
    {
        using var directory = TemporaryDirectory.Create();
        var blocker = Path.Combine(directory.Path, "a-file");
        File.WriteAllText(blocker, "not a directory");
        var logDirectory = Path.Combine(blocker, "logs");

        var error = Assert.Throws<IOException>(() => MetaProperties.LoadOrCreate(logDirectory, nodeId: 0));

        Assert.Contains(logDirectory + " cannot be created", error.Message, StringComparison.Ordinal);
    }
}
