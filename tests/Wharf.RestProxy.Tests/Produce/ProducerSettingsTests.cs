using System.Text;
using Wharf.Configuration;
using Wharf.Testing;
using CompressionType = Wharf.Protocol.Records.CompressionType;

namespace Wharf.RestProxy.Tests.Produce;

/// <summary>
/// producer.* and client.* reach the shared producer (prefix removed, producer.* over client.*), seen in what the
/// broker stores: the compression of the batches.
/// </summary>
public sealed class ProducerSettingsTests(RestProxyFixture fixture)
{
    [Theory]
    [InlineData("producer.compression.type", "gzip", CompressionType.Gzip)]
    [InlineData("client.compression.type", "lz4", CompressionType.Lz4)]
    public async Task A_producer_or_client_setting_reaches_the_shared_producer(string key, string value, CompressionType stored)
    {
        await using var proxy = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string> { [key] = value });
        var topic = UniqueNames.For("compressed");

        (await proxy.Http.ProduceAsync("/topics/" + topic, "{\"records\":[{\"value\":\"" + RestCalls.Base64(new string('x', 1000)) + "\"},{\"value\":\"YQ==\"}]}")).AssertOk();

        // librdkafka may send the two records in separate batches, and sends one uncompressed when compressing would
        // not make it smaller: the batch holding the large record is the one compressed.
        var batches = await KafkaTopics.ReadBatchesAsync(fixture.Broker.EndPoint, topic, 0);
        var batch = Assert.Single(batches, b => b.Records.Any(r => Encoding.UTF8.GetString(r.Value!) == new string('x', 1000)));
        Assert.Equal(stored, batch.Compression);
    }

    [Fact]
    public async Task A_producer_setting_wins_over_the_same_client_setting()
    {
        await using var proxy = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string>
        {
            ["client.compression.type"] = "lz4",
            ["producer.compression.type"] = "gzip",
        });
        var topic = UniqueNames.For("precedence");

        // librdkafka sends a batch uncompressed when compressing would not make it smaller.
        (await proxy.Http.ProduceAsync("/topics/" + topic, "{\"records\":[{\"value\":\"" + RestCalls.Base64(new string('x', 1000)) + "\"}]}")).AssertOk();

        Assert.Equal(CompressionType.Gzip, Assert.Single(await KafkaTopics.ReadBatchesAsync(fixture.Broker.EndPoint, topic, 0)).Compression);
    }

    [Fact]
    public async Task A_producer_setting_librdkafka_refuses_stops_the_start_with_its_reason()
    {
        var exception = await Assert.ThrowsAsync<ConfigurationException>(() =>
            EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string> { ["producer.compression.type"] = "zip" }));

        Assert.Contains("compression", exception.Message, StringComparison.Ordinal);
        Assert.Contains("producer.*", exception.Message, StringComparison.Ordinal);
    }
}
