using Wharf.Clients.Producing;
using Wharf.Protocol.Records;

namespace Wharf.Clients.Tests.Producing;

public sealed class WireProducerSettingsTests
{
    [Fact]
    public void The_keys_it_honours_are_read_with_their_librdkafka_names()
    {
        var settings = Read(new()
        {
            ["bootstrap.servers"] = "a:1,b:2",
            ["client.id"] = "proxy",
            ["acks"] = "1",
            ["compression.type"] = "zstd",
            ["message.max.bytes"] = "2000000",
            ["message.timeout.ms"] = "120000",
            ["request.timeout.ms"] = "5000",
            ["retries"] = "3",
            ["retry.backoff.ms"] = "50",
            ["linger.ms"] = "5",
            ["enable.idempotence"] = "false",
            ["partitioner"] = "murmur2_random",
        });

        Assert.Equal("a:1,b:2", settings.BootstrapServers);
        Assert.Equal("proxy", settings.ClientId);
        Assert.Equal((short)1, settings.Acks);
        Assert.Equal(CompressionType.Zstd, settings.Compression);
        Assert.Equal(2_000_000, settings.MaxBatchBytes);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.DeliveryTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.RequestTimeout);
        Assert.Equal(3, settings.Retries);
        Assert.Equal(TimeSpan.FromMilliseconds(50), settings.RetryBackoff);
    }

    [Fact]
    public void Acks_all_is_the_default_as_in_librdkafka() =>
        Assert.Equal((short)-1, Read(new() { ["bootstrap.servers"] = "a:1" }).Acks);

    [Theory]
    [InlineData("security.protocol", "SASL_SSL")]
    [InlineData("sasl.mechanism", "PLAIN")]
    [InlineData("ssl.ca.location", "/etc/ca.pem")]
    [InlineData("acks", "0")]
    [InlineData("enable.idempotence", "true")]
    [InlineData("partitioner", "consistent_random")]
    [InlineData("compression.type", "brotli")]
    [InlineData("retries", "many")]
    [InlineData("debug", "all")]
    public void A_setting_it_cannot_honour_is_refused_by_name(string key, string value)
    {
        var settings = new Dictionary<string, string> { ["bootstrap.servers"] = "a:1", [key] = value };

        Assert.False(WireProducerSettings.TryRead(settings, out _, out var refused));
        Assert.Equal(key + "=" + value, refused);
    }

    [Fact]
    public void Settings_without_bootstrap_servers_are_refused()
    {
        Assert.False(WireProducerSettings.TryRead(new Dictionary<string, string>(), out _, out var refused));
        Assert.Contains("bootstrap.servers", refused, StringComparison.Ordinal);
    }

    private static WireProducerSettings Read(Dictionary<string, string> settings)
    {
        Assert.True(WireProducerSettings.TryRead(settings, out var read, out var refused), refused);
        return read;
    }
}
