using Wharf.Testing;
using static Wharf.RestProxy.Tests.Consumers.ConsumerApi;

namespace Wharf.RestProxy.Tests.Consumers;

/// <summary>…/positions (offsets, timestamps, beginning, end) and …/offsets (commit with and without a body, committed offsets).</summary>
public sealed class PositionAndOffsetTests(RestProxyFixture fixture)
{
    [Fact]
    public async Task Seeking_a_manual_assignment_right_after_assigning_reads_from_the_given_offset()
    {
        var topic = await TopicWithValuesAsync(2, "a", "b", "c", "d");
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 1, "p1");
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        await consumer.AssignAsync(topic, 0, 1);

        var seek = await PostAsync(fixture.Http, consumer.Url("/positions"), "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":2}]}");
        var records = await consumer.ReadAtLeastAsync(3);

        Assert.Equal(204, seek.Status);
        Assert.Equal(["c", "d"], records.Where(r => r.GetProperty("partition").GetInt32() == 0).Select(KafkaData.ValueText));
        Assert.Equal(["p1"], records.Where(r => r.GetProperty("partition").GetInt32() == 1).Select(KafkaData.ValueText));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Seeking_to_the_beginning_and_the_end_of_a_group_assigned_partition()
    {
        var topic = await TopicWithValuesAsync(1, "a", "b", "c");
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        await consumer.SubscribeAsync(topic);
        Assert.Equal(3, (await consumer.ReadAtLeastAsync(3)).Count);
        var partitions = "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}";

        var beginning = await PostAsync(fixture.Http, consumer.Url("/positions/beginning"), partitions);
        var again = await consumer.ReadAtLeastAsync(3);
        var end = await PostAsync(fixture.Http, consumer.Url("/positions/end"), partitions);
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 0, "d");
        var after = await consumer.ReadAtLeastAsync(1);

        Assert.Equal((204, 204), (beginning.Status, end.Status));
        Assert.Equal(["a", "b", "c"], again.Select(KafkaData.ValueText));
        Assert.Equal(["d"], after.Select(KafkaData.ValueText));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Seeking_to_a_timestamp_reads_from_the_first_record_at_or_after_it()
    {
        var topic = UniqueNames.For("topic");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, 1);
        var start = DateTimeOffset.UnixEpoch.AddDays(20000);
        await ProduceAtAsync(topic, ("early", start), ("middle", start.AddMinutes(1)), ("late", start.AddMinutes(2)));
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        await consumer.AssignAsync(topic, 0);

        var seek = await PostAsync(fixture.Http, consumer.Url("/positions"), "{\"timestamps\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"timestamp\":\"" + start.AddSeconds(30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) + "\"}]}");
        var records = await consumer.ReadAtLeastAsync(2);

        Assert.Equal(204, seek.Status);
        Assert.Equal(["middle", "late"], records.Select(KafkaData.ValueText));
        Assert.Equal(start.AddMinutes(1).ToUnixTimeMilliseconds(), records[0].GetProperty("timestamp").GetInt64());
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task Seeking_a_partition_the_instance_does_not_hold_is_an_illegal_state()
    {
        var topic = UniqueNames.For("topic");
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));
        await consumer.AssignAsync(topic, 0);
        var partition1 = "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":1}]}";

        Answer[] answers =
        [
            await PostAsync(fixture.Http, consumer.Url("/positions"), "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":1,\"offset\":0}]}"),
            await PostAsync(fixture.Http, consumer.Url("/positions/beginning"), partition1),
            await PostAsync(fixture.Http, consumer.Url("/positions/end"), partition1),
        ];

        Assert.All(answers, a => Assert.Equal((409, 40903, "Illegal state: No current assignment for partition " + topic + "-1"), (a.Status, a.ErrorCode, a.Message)));
        await consumer.DeleteAsync();
    }

    [Theory]
    [InlineData("/positions", "")]
    [InlineData("/positions/beginning", "")]
    [InlineData("/positions/end", "")]
    [InlineData("/positions", """{"offsets":[{"topic":"t","partition":0}]}""")]
    [InlineData("/positions", """{"timestamps":[{"topic":"t","partition":0,"timestamp":"yesterday"}]}""")]
    public async Task Bad_position_documents_are_unprocessable(string path, string body)
    {
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));

        var answer = await SendAsync(fixture.Http, HttpMethod.Post, consumer.Url(path), body);

        Assert.Equal((422, 422), (answer.Status, answer.ErrorCode));
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task A_commit_with_offsets_stores_the_next_offset_and_the_committed_offsets_show_it()
    {
        var topic = await TopicWithValuesAsync(2, "a", "b", "c");
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"), """{"auto.offset.reset":"earliest","auto.commit.enable":"false"}""");
        await consumer.AssignAsync(topic, 0, 1);

        var commit = await PostAsync(fixture.Http, consumer.Url("/offsets"), "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":1,\"metadata\":\"m\"}]}");
        var committed = await SendAsync(fixture.Http, HttpMethod.Get, consumer.Url("/offsets"), "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0},{\"topic\":\"" + topic + "\",\"partition\":1}]}");

        Assert.Equal((200, V2, "[]"), (commit.Status, commit.ContentType, commit.Body));
        Assert.Equal(200, committed.Status);
        Assert.Equal("{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":2,\"metadata\":\"\"}]}", committed.Body);
        await consumer.DeleteAsync();
    }

    [Fact]
    public async Task A_commit_without_a_body_commits_what_was_delivered_and_a_new_instance_resumes_there()
    {
        var group = UniqueNames.For("group");
        var topic = await TopicWithValuesAsync(1, "a", "b", "c", "d", "e");
        var first = await CreateAsync(fixture.Http, group, """{"auto.offset.reset":"earliest","auto.commit.enable":"false"}""");
        await first.SubscribeAsync(topic);
        var read = await first.ReadAtLeastAsync(1, "?max_bytes=2");

        var commit = await PostAsync(fixture.Http, first.Url("/offsets"), null);
        var committed = await SendAsync(fixture.Http, HttpMethod.Get, first.Url("/offsets"), "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}");
        await first.DeleteAsync();
        var second = await CreateAsync(fixture.Http, group, """{"auto.offset.reset":"earliest","auto.commit.enable":"false"}""");
        await second.SubscribeAsync(topic);
        var resumed = await second.ReadAtLeastAsync(5 - read.Count);

        string[] values = ["a", "b", "c", "d", "e"];
        Assert.Equal(values[..read.Count], read.Select(KafkaData.ValueText));
        Assert.Equal((200, "[]"), (commit.Status, commit.Body));
        Assert.Equal(read.Count, committed.Json.GetProperty("offsets")[0].GetProperty("offset").GetInt64());
        Assert.Equal(values[read.Count..], resumed.Select(KafkaData.ValueText));
        await second.DeleteAsync();
    }

    [Fact]
    public async Task Closing_an_auto_committing_instance_commits_only_what_it_delivered()
    {
        var group = UniqueNames.For("group");
        var topic = await TopicWithValuesAsync(1, "a", "b", "c");
        var first = await CreateAsync(fixture.Http, group);
        await first.SubscribeAsync(topic);
        var read = await first.ReadAtLeastAsync(1, "?max_bytes=1");
        await first.DeleteAsync();

        var second = await CreateAsync(fixture.Http, group);
        await second.SubscribeAsync(topic);
        var resumed = await second.ReadAtLeastAsync(2);

        Assert.Equal(["a"], read.Select(KafkaData.ValueText));
        Assert.Equal(["b", "c"], resumed.Select(KafkaData.ValueText));
        await second.DeleteAsync();
    }

    [Fact]
    public async Task Committed_offsets_without_a_body_are_the_originals_partition_not_found()
    {
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));

        var answer = await GetAsync(fixture.Http, consumer.Url("/offsets"));

        Assert.Equal((404, 40402, "Partition not found."), (answer.Status, answer.ErrorCode, answer.Message));
        await consumer.DeleteAsync();
    }

    [Theory]
    [InlineData("""{"offsets":[{"topic":"t","partition":0,"offset":-1}]}""", 422)]
    [InlineData("""{"offsets":[{"topic":"","partition":0,"offset":1}]}""", 422)]
    [InlineData("""{"offsets":[{"topic":"t","partition":0,"offset":1,"leader_epoch":3}]}""", 422)]
    [InlineData("""{"offsets":""", 400)]
    public async Task Bad_commit_documents_are_refused(string body, int status)
    {
        var consumer = await CreateAsync(fixture.Http, UniqueNames.For("group"));

        var answer = await PostAsync(fixture.Http, consumer.Url("/offsets"), body);

        Assert.Equal((status, status), (answer.Status, answer.ErrorCode));
        await consumer.DeleteAsync();
    }

    private async Task<string> TopicWithValuesAsync(int partitions, params string[] valuesForPartition0)
    {
        var topic = UniqueNames.For("topic");
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, topic, partitions);
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, topic, 0, valuesForPartition0);
        return topic;
    }

    private async Task ProduceAtAsync(string topic, params (string Value, DateTimeOffset Time)[] records)
    {
        Wharf.Clients.KafkaClientLibrary.EnsureLoaded();
        using var producer = new Confluent.Kafka.ProducerBuilder<byte[]?, byte[]?>(new Confluent.Kafka.ProducerConfig { BootstrapServers = fixture.Broker.BootstrapServers }).Build();
        foreach (var (value, time) in records)
        {
            await producer.ProduceAsync(
                new Confluent.Kafka.TopicPartition(topic, 0),
                new Confluent.Kafka.Message<byte[]?, byte[]?> { Value = System.Text.Encoding.UTF8.GetBytes(value), Timestamp = new Confluent.Kafka.Timestamp(time) },
                TestContext.Current.CancellationToken);
        }
    }
}
