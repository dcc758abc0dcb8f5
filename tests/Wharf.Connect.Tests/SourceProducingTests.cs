using System.Text;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>
/// What a source task's records become in Kafka, on both producing paths: Wharf's own protocol client (the
/// default) and librdkafka, which a producer setting only librdkafka implements selects (here
/// socket.keepalive.enable, as a worker <c>producer.*</c> key or a connector <c>producer.override.*</c> key).
/// </summary>
public sealed class SourceProducingTests(BrokerFixture broker)
{
    public static TheoryData<string> Paths => new() { "wire", "librdkafka-worker", "librdkafka-connector" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Headers_timestamps_keys_partitions_and_topics_of_one_poll_arrive_and_with_errors_tolerance_all_a_refused_record_is_skipped(string path)
    {
        using var directory = TemporaryDirectory.Create();
        var (name, topicA, topicB) = await TopicsAsync("scripted");
        await using var worker = await WorkerAsync(path, directory);
        var config = ScriptedConfig(path, name, topicA, topicB);
        config["errors.tolerance"] = "all";
        await worker.CreateConnectorAsync(name, config);

        var a = KafkaRecords.Read(broker.BootstrapServers, topicA, 2);
        Assert.Equal(["a1", "a2"], a.Select(m => Encoding.UTF8.GetString(m.Value!)));
        Assert.Equal("script", KafkaRecords.Header(a[0], "origin"));
        Assert.Equal(ScriptedSourceTask.Timestamp, a[0].Timestamp.UnixTimestampMs);
        Assert.Empty(a[1].Headers);
        var b = Assert.Single(KafkaRecords.Read(broker.BootstrapServers, topicB, 1));
        Assert.Equal(("k", "b1"), (Encoding.UTF8.GetString(b.Key!), Encoding.UTF8.GetString(b.Value!)));

        var metrics = await worker.WaitForJsonAsync("/connectors/" + name + "/metrics", m => (long?)m["totals"]?["records_written"] == 3 && (long?)m["totals"]?["records_skipped"] == 1);
        Assert.Equal(ScriptedSourceTask.Records, (long)metrics["totals"]!["records_polled"]!);
        var offsets = await worker.WaitForJsonAsync("/connectors/" + name + "/offsets", o => o["offsets"]?.AsArray().Count == 1);
        Assert.Equal(ScriptedSourceTask.Records, (long)offsets["offsets"]![0]!["offset"]!["n"]!);
        AssertProducedThrough(worker, name, path);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task With_errors_tolerance_none_a_record_for_a_partition_the_topic_lacks_fails_the_task_with_the_producer_s_reason(string path)
    {
        using var directory = TemporaryDirectory.Create();
        var (name, topicA, topicB) = await TopicsAsync("refused");
        await using var worker = await WorkerAsync(path, directory);
        worker.Logs.Expect(e => e.Message.StartsWith("Task " + name + "-0 failed and will not recover until restarted: ", StringComparison.Ordinal));
        await worker.CreateConnectorAsync(name, ScriptedConfig(path, name, topicA, topicB));

        var task = await worker.WaitForTaskStateAsync(name, "FAILED");
        Assert.Contains("Unrecoverable exception from producer send callback: Local: Unknown partition", (string?)task["trace"], StringComparison.Ordinal);
        var offsets = await worker.GetJsonAsync("/connectors/" + name + "/offsets");
        Assert.Empty(offsets!["offsets"]!.AsArray());
        AssertProducedThrough(worker, name, path);
    }

    private static void AssertProducedThrough(EmbeddedWorker worker, string name, string path)
    {
        var expected = path == "wire"
            ? "Task " + name + "-0 produces through Wharf's own Kafka protocol client"
            : "Task " + name + "-0 produces through librdkafka: Wharf's own Kafka protocol client cannot honour the producer setting socket.keepalive.enable=true";
        Assert.Contains(worker.Logs.Entries, e => e.Message == expected);
    }

    private async Task<(string Name, string TopicA, string TopicB)> TopicsAsync(string prefix)
    {
        var topics = (UniqueNames.For(prefix + "-a"), UniqueNames.For(prefix + "-b"));
        await KafkaTopics.CreateAsync(broker.BootstrapServers, topics.Item1, 1);
        await KafkaTopics.CreateAsync(broker.BootstrapServers, topics.Item2, 1);
        return (UniqueNames.For(prefix), topics.Item1, topics.Item2);
    }

    private Task<EmbeddedWorker> WorkerAsync(string path, TemporaryDirectory directory) =>
        EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"), path == "librdkafka-worker"
            ? new Dictionary<string, string> { ["producer.socket.keepalive.enable"] = "true" }
            : null);

    private static Dictionary<string, string> ScriptedConfig(string path, string name, string topicA, string topicB)
    {
        var config = new Dictionary<string, string>
        {
            ["name"] = name,
            ["connector.class"] = "ScriptedSource",
            ["topic.a"] = topicA,
            ["topic.b"] = topicB,
            ["key.converter"] = "org.apache.kafka.connect.storage.StringConverter",
            ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
        };
        if (path == "librdkafka-connector")
        {
            config["producer.override.socket.keepalive.enable"] = "true";
        }

        return config;
    }
}
