using System.Net;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Produce;

/// <summary>
/// Producing to a topic that does not exist on a broker that does not create topics: as in the original
/// (ProducerTest.testProduceToInvalidTopic), 200 with a retriable error (50003) for every record. Run on both
/// produce paths: Wharf's own client, which is told so by the cluster's metadata, and librdkafka (chosen because
/// of a librdkafka-only key), which waits a bounded time, topic.metadata.propagation.max.ms, shortened here.
/// </summary>
public abstract class MissingTopicTests(IReadOnlyDictionary<string, string> proxySettings) : IAsyncLifetime
{
    private EmbeddedBroker? _broker;
    private EmbeddedRestProxy? _proxy;

    public async ValueTask InitializeAsync()
    {
        _broker = await EmbeddedBroker.StartAsync(new Dictionary<string, string> { ["auto.create.topics.enable"] = "false" });
        _proxy = await EmbeddedRestProxy.StartAsync(_broker.BootstrapServers, proxySettings);
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    [Fact]
    public async Task Every_record_for_a_missing_topic_fails_with_50003_in_a_200_answer()
    {
        var topic = UniqueNames.For("missing");

        var answer = await _proxy!.Http.ProduceAsync("/topics/" + topic, """{"records":[{"key":"aw==","value":"YQ=="},{"value":"Yg=="}]}""");

        answer.AssertOk();
        Assert.All(answer.Json.GetProperty("offsets").EnumerateArray(), offset =>
        {
            Assert.Equal(50003, offset.GetProperty("error_code").GetInt32());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, offset.GetProperty("offset").ValueKind);
            Assert.Contains("Unknown topic", offset.GetProperty("error").GetString(), StringComparison.Ordinal);
        });
        (await _proxy.Http.RestGetAsync("/topics/" + topic)).AssertError(HttpStatusCode.NotFound, 40403);
    }

    [Fact]
    public async Task The_same_request_to_a_topic_created_afterwards_succeeds_at_once()
    {
        var topic = UniqueNames.For("created-later");
        (await _proxy!.Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="}]}""")).AssertOk();
        (await _proxy.Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="}]}""")).AssertOk();

        await KafkaTopics.CreateAsync(_broker!.BootstrapServers, topic, 1);
        var answer = await _proxy.Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="}]}""");

        answer.AssertOk();
        Assert.True(answer.Json.GetProperty("offsets")[0].GetProperty("offset").ValueKind == System.Text.Json.JsonValueKind.Number, answer.Body);
        Assert.Equal(0, answer.Json.GetProperty("offsets")[0].GetProperty("offset").GetInt64());
    }
}

public sealed class MissingTopicOnTheWirePathTests() : MissingTopicTests(new Dictionary<string, string>());

public sealed class MissingTopicOnTheLibrdkafkaPathTests() : MissingTopicTests(new Dictionary<string, string> { ["producer.topic.metadata.propagation.max.ms"] = "1000" });
