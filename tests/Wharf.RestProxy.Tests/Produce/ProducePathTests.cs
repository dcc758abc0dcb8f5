using System.Text.Json;
using Wharf.Testing;
using static Wharf.RestProxy.Tests.RestCalls;

namespace Wharf.RestProxy.Tests.Produce;

/// <summary>
/// The proxy produces through Wharf's own protocol client unless a producer setting needs librdkafka; users must not
/// be able to tell which path answered.
/// </summary>
public sealed class ProducePathTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task Both_paths_put_a_key_in_the_partition_the_Java_producer_would_and_answer_alike()
    {
        var topic = UniqueNames.For("paths");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 6);
        await using var wire = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers);
        await using var librdkafka = await EmbeddedRestProxy.StartAsync(fixture.Broker.BootstrapServers, new Dictionary<string, string> { ["producer.socket.keepalive.enable"] = "true" });
        var body = "{\"records\":[" + string.Join(',', Enumerable.Range(0, 30).Select(i => "{\"key\":\"" + Base64("key-" + i) + "\",\"value\":\"" + Base64("v" + i) + "\"}")) + "]}";

        var first = await wire.Http.ProduceAsync("/topics/" + topic, body);
        var second = await librdkafka.Http.ProduceAsync("/topics/" + topic, body);

        first.AssertOk();
        second.AssertOk();
        Assert.Contains(wire.Logs.Entries, entry => entry.Message.Contains("Producing through Wharf's own Kafka protocol client", StringComparison.Ordinal));
        Assert.Contains(librdkafka.Logs.Entries, entry => entry.Message.Contains("Producing through librdkafka (a setting needs librdkafka: socket.keepalive.enable=true)", StringComparison.Ordinal));
        Assert.Equal(Partitions(first), Partitions(second));
        Assert.True(Partitions(first).Distinct().Count() > 1);
        Assert.All(first.Json.GetProperty("offsets").EnumerateArray().Concat(second.Json.GetProperty("offsets").EnumerateArray()), offset =>
        {
            Assert.Equal(JsonValueKind.Number, offset.GetProperty("offset").ValueKind);
            Assert.Equal(JsonValueKind.Null, offset.GetProperty("error_code").ValueKind);
        });
    }

    private static List<int> Partitions(RestAnswer answer) => [.. answer.Json.GetProperty("offsets").EnumerateArray().Select(o => o.GetProperty("partition").GetInt32())];
}
