using Wharf.Broker.Tests.Support;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Integration;

/// <summary>Metadata over a socket: which topics an empty or null list means per version, and auto-creation.</summary>
public sealed class MetadataTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Version_0_with_an_empty_list_describes_every_topic()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var (first, second) = (UniqueNames.For("t"), UniqueNames.For("t"));
        await Wire.CreateTopicAsync(client, first, partitions: 2);
        await Wire.CreateTopicAsync(client, second, partitions: 3);

        var response = await client.SendAsync<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = [] }, 0, Cancel);

        Assert.Equal(2, response.Topics.Single(t => t.Name == first).Partitions.Count);
        Assert.Equal(3, response.Topics.Single(t => t.Name == second).Partitions.Count);
        var broker = Assert.Single(response.Brokers);
        Assert.Equal(fixture.Broker.EndPoint.Port, broker.Port);
    }

    [Fact]
    public async Task Version_1_with_an_empty_list_describes_no_topic_and_with_null_every_topic()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = UniqueNames.For("t");
        await Wire.CreateTopicAsync(client, topic);

        var none = await client.SendAsync<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = [] }, 1, Cancel);
        var all = await client.SendAsync<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = null }, 1, Cancel);
        var allFlexible = await client.SendAsync<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = null }, 12, Cancel);

        Assert.Empty(none.Topics);
        Assert.Single(all.Topics, t => t.Name == topic);
        Assert.Single(allFlexible.Topics, t => t.Name == topic);
        Assert.Single(none.Brokers);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(12)]
    public async Task An_unknown_topic_is_created_with_num_partitions_when_the_request_allows_it(short version)
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = UniqueNames.For("auto");

        var response = await client.SendAsync<MetadataRequest, MetadataResponse>(Request(topic, allowCreation: true), version, Cancel);

        var described = Assert.Single(response.Topics);
        Assert.Equal((ErrorCode.None, topic, 1), ((ErrorCode)described.ErrorCode, described.Name, described.Partitions.Count));
        Assert.True(fixture.Broker.Broker.Topics.TryGetTopic(topic, out _));
    }

    [Fact]
    public async Task An_unknown_topic_is_not_created_when_the_request_forbids_it()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = UniqueNames.For("no-auto");

        var response = await client.SendAsync<MetadataRequest, MetadataResponse>(Request(topic, allowCreation: false), 9, Cancel);

        Assert.Equal(ErrorCode.UnknownTopicOrPartition, (ErrorCode)Assert.Single(response.Topics).ErrorCode);
        Assert.False(fixture.Broker.Broker.Topics.TryGetTopic(topic, out _));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("..")]
    public async Task An_invalid_topic_name_is_INVALID_TOPIC_EXCEPTION_and_creates_nothing(string name)
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);

        var allowed = await client.SendAsync<MetadataRequest, MetadataResponse>(Request(name, allowCreation: true), 9, Cancel);
        var forbidden = await client.SendAsync<MetadataRequest, MetadataResponse>(Request(name, allowCreation: false), 9, Cancel);

        Assert.Equal(ErrorCode.InvalidTopicException, (ErrorCode)Assert.Single(allowed.Topics).ErrorCode);
        Assert.Equal(ErrorCode.InvalidTopicException, (ErrorCode)Assert.Single(forbidden.Topics).ErrorCode);
        Assert.False(fixture.Broker.Broker.Topics.TryGetTopic(name, out _));
    }

    [Fact]
    public async Task A_name_longer_than_249_characters_is_INVALID_TOPIC_EXCEPTION()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);

        var response = await client.SendAsync<MetadataRequest, MetadataResponse>(Request(new string('a', 250), allowCreation: true), 9, Cancel);

        Assert.Equal(ErrorCode.InvalidTopicException, (ErrorCode)Assert.Single(response.Topics).ErrorCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(12)]
    public async Task With_auto_create_topics_disabled_an_unknown_topic_is_UNKNOWN_TOPIC_OR_PARTITION(short version)
    {
        await using var broker = await EmbeddedBroker.StartAsync(new Dictionary<string, string> { ["auto.create.topics.enable"] = "false" });
        await using var client = await KafkaWireClient.ConnectAsync(broker.EndPoint, Cancel);
        var topic = UniqueNames.For("off");

        var response = await client.SendAsync<MetadataRequest, MetadataResponse>(Request(topic, allowCreation: true), version, Cancel);

        Assert.Equal(ErrorCode.UnknownTopicOrPartition, (ErrorCode)Assert.Single(response.Topics).ErrorCode);
        Assert.False(broker.Broker.Topics.TryGetTopic(topic, out _));
    }

    private static MetadataRequest Request(string topic, bool allowCreation) =>
        new() { Topics = [new MetadataRequest.RequestTopic { Name = topic }], AllowAutoTopicCreation = allowCreation };
}
