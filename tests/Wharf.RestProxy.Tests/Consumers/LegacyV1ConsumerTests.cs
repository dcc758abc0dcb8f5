using Wharf.Testing;
using static Wharf.RestProxy.Tests.Consumers.ConsumerApi;

namespace Wharf.RestProxy.Tests.Consumers;

/// <summary>The v1 consumer API of Confluent's 2019 docs: create, read a topic through base_uri, commit, delete.</summary>
public sealed class LegacyV1ConsumerTests(RestProxyFixture fixture)
{
    [Fact]
    public async Task A_v1_instance_reads_its_topic_from_the_first_request_in_the_v1_shape_and_commits_with_the_v1_answer()
    {
        var topic = UniqueNames.For("v1");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);
        await KafkaData.ProduceAsync(fixture.Broker.BootstrapServers, topic, 0, [("key"u8.ToArray(), "confluent"u8.ToArray()), (null, "kafka"u8.ToArray())]);
        var group = UniqueNames.For("group");

        var create = await PostAsync(fixture.Http, "/consumers/" + group, """{"format":"binary","auto.offset.reset":"smallest"}""", V1);
        var baseUri = create.Json.GetProperty("base_uri").GetString()!;
        var read = await GetAsync(fixture.Http, baseUri + "/topics/" + topic, BinaryV1);
        var commit = await PostAsync(fixture.Http, baseUri + "/offsets", null, accept: V1);
        var delete = await DeleteAsync(fixture.Http, baseUri, V1);

        Assert.Equal((200, V1), (create.Status, create.ContentType));
        Assert.Equal((200, BinaryV1), (read.Status, read.ContentType));
        Assert.Equal(
            "[{\"key\":\"a2V5\",\"value\":\"Y29uZmx1ZW50\",\"partition\":0,\"offset\":0,\"topic\":\"" + topic + "\"},"
            + "{\"key\":null,\"value\":\"a2Fma2E=\",\"partition\":0,\"offset\":1,\"topic\":\"" + topic + "\"}]",
            read.Body);
        Assert.Equal((200, V1), (commit.Status, commit.ContentType));
        Assert.Equal("[{\"topic\":\"" + topic + "\",\"partition\":0,\"consumed\":1,\"committed\":1}]", commit.Body);
        Assert.Equal(204, delete.Status);
    }

    [Fact]
    public async Task A_v1_instance_does_not_auto_commit_unless_asked()
    {
        var topic = UniqueNames.For("v1");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 0, "once", "twice");
        var group = "/consumers/" + UniqueNames.For("group");
        var body = """{"format":"binary","auto.offset.reset":"smallest"}""";

        var first = (await PostAsync(fixture.Http, group, body, V1)).Json.GetProperty("base_uri").GetString()!;
        var firstRead = await GetAsync(fixture.Http, first + "/topics/" + topic, BinaryV1);
        await DeleteAsync(fixture.Http, first, V1);
        var second = (await PostAsync(fixture.Http, group, body, V1)).Json.GetProperty("base_uri").GetString()!;
        var secondRead = await GetAsync(fixture.Http, second + "/topics/" + topic, BinaryV1);
        await DeleteAsync(fixture.Http, second, V1);

        Assert.Equal(2, firstRead.Json.GetArrayLength());
        Assert.Equal(firstRead.Body, secondRead.Body);
    }

    [Fact]
    public async Task A_v1_read_of_a_missing_topic_is_40401_and_of_a_second_topic_is_40901()
    {
        var topic = UniqueNames.For("v1");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);
        var other = UniqueNames.For("v1-other");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, other, 1);
        var baseUri = (await PostAsync(fixture.Http, "/consumers/" + UniqueNames.For("group"), "{}", V1)).Json.GetProperty("base_uri").GetString()!;

        var missing = await GetAsync(fixture.Http, baseUri + "/topics/" + UniqueNames.For("absent"), BinaryV1);
        var first = await GetAsync(fixture.Http, baseUri + "/topics/" + topic, BinaryV1);
        var second = await GetAsync(fixture.Http, baseUri + "/topics/" + other, BinaryV1);
        var json = await GetAsync(fixture.Http, baseUri + "/topics/" + topic, "application/vnd.kafka.json.v1+json");

        Assert.Equal((404, 40401, "Topic not found.", BinaryV1), (missing.Status, missing.ErrorCode, missing.Message, missing.ContentType));
        Assert.Equal((200, "[]"), (first.Status, first.Body));
        Assert.Equal((409, 40901), (second.Status, second.ErrorCode));
        Assert.Equal((406, 40601), (json.Status, json.ErrorCode));
        Assert.Equal(204, (await DeleteAsync(fixture.Http, baseUri, V1)).Status);
    }
}
