using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Wharf.Clients;
using Wharf.Connect.Api.Data;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>Sink connectors consume in group connect-&lt;name&gt;, write what they get and commit after flushing.</summary>
public sealed class SinkTests(BrokerFixture broker)
{
    [Fact]
    public async Task A_file_sink_writes_what_a_file_source_produced_and_reports_its_committed_offsets()
    {
        using var directory = TemporaryDirectory.Create();
        var topic = UniqueNames.For("pipe");
        var input = Path.Combine(directory.Path, "in.txt");
        var output = Path.Combine(directory.Path, "out.txt");
        await File.WriteAllTextAsync(input, "alpha\nbeta\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));

        // The sink starts first: its topic does not exist yet, and it waits for it.
        using (var sink = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\":\"pipe-sink\",\"config\":{\"connector.class\":\"FileStreamSink\",\"topics\":\"" + topic + "\",\"file\":\"" + output + "\"}}"))
        {
            Assert.Equal(HttpStatusCode.Created, sink.StatusCode);
        }

        using (var source = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\":\"pipe-source\",\"config\":{\"connector.class\":\"FileStreamSource\",\"topic\":\"" + topic + "\",\"file\":\"" + input + "\"}}"))
        {
            Assert.Equal(HttpStatusCode.Created, source.StatusCode);
        }

        var tasks = await worker.GetJsonAsync("/connectors/pipe-sink/tasks");
        Assert.Equal(topic, (string?)tasks![0]!["config"]!["topics"]);
        Assert.Equal("Wharf.Connectors.File.FileStreamSinkTask", (string?)tasks[0]!["config"]!["task.class"]);

        JsonNode? offsets = null;
        for (var attempt = 0; attempt < 300 && offsets?["offsets"]?.AsArray().Count != 1; attempt++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            offsets = await worker.GetJsonAsync("/connectors/pipe-sink/offsets");
        }

        Assert.Equal(topic, (string?)offsets!["offsets"]![0]!["partition"]!["kafka_topic"]);
        Assert.Equal(2, (long)offsets["offsets"]![0]!["offset"]!["kafka_offset"]!);
        Assert.Equal("alpha\nbeta\n", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));
        var topics = await worker.GetJsonAsync("/connectors/pipe-sink/topics");
        Assert.Equal(topic, (string?)topics!["pipe-sink"]!["topics"]![0]);
    }

    [Fact]
    public async Task A_sink_without_topics_or_with_both_topic_keys_is_refused_with_apache_messages()
    {
        using var directory = TemporaryDirectory.Create();
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        using var none = await worker.SendJsonAsync(HttpMethod.Put, "/connector-plugins/FileStreamSink/config/validate", "{\"connector.class\":\"FileStreamSink\",\"name\":\"s\"}");
        var result = JsonNode.Parse(await none.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(2, (int)result["error_count"]!);
        Assert.Contains("Must configure one of topics or topics.regex", result.ToJsonString(), StringComparison.Ordinal);
        using var both = await worker.SendJsonAsync(HttpMethod.Put, "/connectors/s/config", "{\"connector.class\":\"FileStreamSink\",\"topics\":\"a\",\"topics.regex\":\"b.*\"}");
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Contains("Only one of topics or topics.regex should be specified.", await both.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sink_records_arrive_with_their_keys_values_headers_and_timestamps_intact_null_ones_included()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("recording-sink");
        var topic = UniqueNames.For("recording-in");
        KafkaClientLibrary.EnsureLoaded();
        using (var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            var headers = new Headers { { "trace", Encoding.UTF8.GetBytes("t-1") }, { "empty", null }, { "trace", Encoding.UTF8.GetBytes("t-2") } };
            var at = new Timestamp(1_700_000_000_123, Confluent.Kafka.TimestampType.CreateTime);
            await producer.ProduceAsync(new Confluent.Kafka.TopicPartition(topic, 0), new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes("k1"), Value = Encoding.UTF8.GetBytes("v1"), Headers = headers, Timestamp = at }, TestContext.Current.CancellationToken);
            await producer.ProduceAsync(new Confluent.Kafka.TopicPartition(topic, 0), new Message<byte[]?, byte[]?> { Key = null, Value = Encoding.UTF8.GetBytes("no key"), Timestamp = at }, TestContext.Current.CancellationToken);
            await producer.ProduceAsync(new Confluent.Kafka.TopicPartition(topic, 0), new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes("tombstone"), Value = null, Timestamp = at }, TestContext.Current.CancellationToken);
        }

        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        using (var created = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\":\"" + name + "\",\"config\":{\"connector.class\":\"RecordingSinkConnector\",\"topics\":\"" + topic
            + "\",\"key.converter\":\"org.apache.kafka.connect.storage.StringConverter\",\"value.converter\":\"org.apache.kafka.connect.storage.StringConverter\"}}"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        for (var attempt = 0; attempt < 300 && (!RecordingSinkTask.Received.TryGetValue(name, out var got) || got.Count < 3); attempt++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var records = RecordingSinkTask.Received[name].ToList();
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(topic, r.Topic));
        Assert.All(records, r => Assert.Equal(0, r.KafkaPartition));
        Assert.Equal([0L, 1L, 2L], records.Select(r => r.KafkaOffset));
        Assert.All(records, r => Assert.Equal(Wharf.Connect.Api.Records.TimestampType.CreateTime, r.TimestampType));
        Assert.All(records, r => Assert.Equal(1_700_000_000_123, r.Timestamp));
        Assert.Equal(["k1", null, "tombstone"], records.Select(r => (string?)r.Key));
        Assert.Equal(["v1", "no key", null], records.Select(r => (string?)r.Value));
        Assert.Equal([("trace", "t-1"), ("empty", null), ("trace", "t-2")], records[0].Headers.Select(h => (h.Key, (string?)h.Value)));
        Assert.Equal(Schema.OptionalString, records[0].Headers.ElementAt(1).Schema);
        Assert.Empty(records[1].Headers);
        Assert.Empty(records[2].Headers);
    }
}
