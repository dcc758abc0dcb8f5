using System.Net;
using Confluent.Kafka;
using Wharf.Clients;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Metadata;

/// <summary>
/// GET /, /topics, /topics/{t}, /topics/{t}/partitions[/{p}[/offsets]], /brokers: the original's documents and
/// error answers (kafka-rest MetadataApiTest, RootResourceTest, PartitionsResourceTest).
/// </summary>
public sealed class MetadataTests(RestProxyFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Fact]
    public async Task Root_answers_an_empty_object()
    {
        var answer = await Http.RestGetAsync("/");

        answer.AssertOk();
        Assert.Equal("{}", answer.Body);
    }

    [Fact]
    public async Task Root_post_of_a_string_map_or_of_nothing_answers_an_empty_object()
    {
        var map = await Http.RestPostAsync("/", """{"a":"b","c":1}""", "application/vnd.kafka.v2+json");
        var nothing = await Http.RestPostAsync("/", null, null);

        map.AssertOk();
        Assert.Equal("{}", map.Body);
        nothing.AssertOk();
    }

    [Fact]
    public async Task Root_post_of_an_array_is_a_400_with_Jacksons_message()
    {
        var answer = await Http.RestPostAsync("/", "[]", "application/vnd.kafka.v2+json");

        answer.AssertError(HttpStatusCode.BadRequest, 400, "Cannot deserialize value of type `String>` from Array value (token `JsonToken.START_ARRAY`)");
    }

    [Fact]
    public async Task Topics_lists_the_topics_without_internal_ones()
    {
        var first = UniqueNames.For("list-a");
        var second = UniqueNames.For("list-b");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, first, 1);
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, second, 2);

        var answer = await Http.RestGetAsync("/topics");

        answer.AssertOk();
        var names = answer.Json.EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(first, names);
        Assert.Contains(second, names);
        Assert.DoesNotContain(names, name => name!.StartsWith("__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Topic_answers_its_name_every_config_and_its_partitions()
    {
        var topic = UniqueNames.For("describe");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 2);

        var answer = await Http.RestGetAsync("/topics/" + topic);

        answer.AssertOk();
        var json = answer.Json;
        Assert.Equal(["name", "configs", "partitions"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(topic, json.GetProperty("name").GetString());
        Assert.Equal("delete", json.GetProperty("configs").GetProperty("cleanup.policy").GetString());
        Assert.True(json.GetProperty("configs").TryGetProperty("retention.ms", out _));
        var broker = fixture.Broker.Broker.Identity.NodeId;
        var partitions = json.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal([0, 1], partitions.Select(p => p.GetProperty("partition").GetInt32()));
        foreach (var partition in partitions)
        {
            Assert.Equal(["partition", "leader", "replicas"], partition.EnumerateObject().Select(p => p.Name));
            Assert.Equal(broker, partition.GetProperty("leader").GetInt32());
            var replica = Assert.Single(partition.GetProperty("replicas").EnumerateArray());
            Assert.Equal("""{"broker":BROKER,"leader":true,"in_sync":true}""".Replace("BROKER", broker.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), replica.GetRawText());
        }
    }

    [Theory]
    [InlineData("/topics/{0}")]
    [InlineData("/topics/{0}/partitions")]
    [InlineData("/topics/{0}/partitions/0")]
    [InlineData("/topics/{0}/partitions/0/offsets")]
    public async Task An_unknown_topic_is_404_with_Kafkas_unknown_topic_code_40403(string path)
    {
        var answer = await Http.RestGetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, UniqueNames.For("missing")));

        answer.AssertError(HttpStatusCode.NotFound, 40403, "This server does not host this topic-partition.");
    }

    [Fact]
    public async Task Describing_an_unknown_topic_does_not_create_it()
    {
        var topic = UniqueNames.For("not-created");

        await Http.RestGetAsync("/topics/" + topic);
        await Http.RestGetAsync("/topics/" + topic + "/partitions");

        Assert.DoesNotContain(topic, BrokerTopicNames());
    }

    [Fact]
    public async Task Partitions_lists_every_partition_in_order()
    {
        var topic = UniqueNames.For("partitions");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 3);

        var answer = await Http.RestGetAsync("/topics/" + topic + "/partitions");

        answer.AssertOk();
        Assert.Equal([0, 1, 2], answer.Json.EnumerateArray().Select(p => p.GetProperty("partition").GetInt32()));
    }

    [Fact]
    public async Task Partition_answers_one_partition_object()
    {
        var topic = UniqueNames.For("partition");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 2);
        var broker = fixture.Broker.Broker.Identity.NodeId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var answer = await Http.RestGetAsync("/topics/" + topic + "/partitions/1");

        answer.AssertOk();
        Assert.Equal("{\"partition\":1,\"leader\":" + broker + ",\"replicas\":[{\"broker\":" + broker + ",\"leader\":true,\"in_sync\":true}]}", answer.Body);
    }

    [Theory]
    [InlineData("/topics/{0}/partitions/5")]
    [InlineData("/topics/{0}/partitions/-1")]
    [InlineData("/topics/{0}/partitions/1000/offsets")]
    public async Task An_unknown_partition_is_404_partition_not_found_40402(string path)
    {
        var topic = UniqueNames.For("no-partition");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 1);

        var answer = await Http.RestGetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, topic));

        answer.AssertError(HttpStatusCode.NotFound, 40402, "Partition not found.");
    }

    [Fact]
    public async Task A_partition_that_is_not_a_number_is_the_frameworks_404()
    {
        var answer = await Http.RestGetAsync("/topics/t/partitions/one");

        answer.AssertError(HttpStatusCode.NotFound, 404, "HTTP 404 Not Found", "application/json");
    }

    [Fact]
    public async Task Offsets_are_the_first_and_the_next_offset_exactly_as_the_original_writes_them()
    {
        var topic = UniqueNames.For("offsets");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 1);
        var empty = await Http.RestGetAsync("/topics/" + topic + "/partitions/0/offsets");
        (await Http.ProduceAsync("/topics/" + topic, """{"records":[{"value":"YQ=="},{"value":"Yg=="},{"value":"Yw=="}]}""")).AssertOk();

        var answer = await Http.RestGetAsync("/topics/" + topic + "/partitions/0/offsets");

        empty.AssertOk();
        Assert.Equal("""{"beginning_offset":0,"end_offset":0}""", empty.Body);
        answer.AssertOk();
        Assert.Equal("""{"beginning_offset":0,"end_offset":3}""", answer.Body);
    }

    [Fact]
    public async Task Brokers_lists_the_broker_ids()
    {
        var answer = await Http.RestGetAsync("/brokers");

        answer.AssertOk();
        Assert.Equal("{\"brokers\":[" + fixture.Broker.Broker.Identity.NodeId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]}", answer.Body);
    }

    [Fact]
    public async Task Head_answers_the_status_and_type_of_get_without_a_body()
    {
        var found = await Http.RestSendAsync(HttpMethod.Head, "/brokers", null, null, null);
        var missing = await Http.RestSendAsync(HttpMethod.Head, "/topics/" + UniqueNames.For("head"), null, null, null);

        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Equal("application/vnd.kafka.v2+json", found.ContentType);
        Assert.Equal(string.Empty, found.Body);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(string.Empty, missing.Body);
    }

    [Fact]
    public async Task A_topic_deleted_meanwhile_is_404_and_the_proxy_keeps_answering()
    {
        var topic = UniqueNames.For("deleted");
        await KafkaTopics.CreateAsync(fixture.Broker.BootstrapServers, topic, 2);
        (await Http.RestGetAsync("/topics/" + topic + "/partitions/1/offsets")).AssertOk();

        await KafkaTopics.DeleteAsync(fixture.Broker.BootstrapServers, topic);
        var describe = await Http.RestGetAsync("/topics/" + topic);
        var offsets = await Http.RestGetAsync("/topics/" + topic + "/partitions/1/offsets");

        describe.AssertError(HttpStatusCode.NotFound, 40403);
        offsets.AssertError(HttpStatusCode.NotFound, 40403);
        (await Http.RestGetAsync("/brokers")).AssertOk();
    }

    private List<string> BrokerTopicNames()
    {
        KafkaClientLibrary.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Broker.BootstrapServers }).Build();
        return admin.GetMetadata(TimeSpan.FromSeconds(30)).Topics.Select(t => t.Topic).ToList();
    }
}
