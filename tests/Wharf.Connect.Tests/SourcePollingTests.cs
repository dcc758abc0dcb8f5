using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>
/// How the worker calls a source task's poll: it polls one poll ahead while it sends the last one's records, yet
/// never runs two polls at once, never stops the task during a poll, and keeps the task's order.
/// </summary>
public sealed class SourcePollingTests(BrokerFixture broker)
{
    [Fact]
    public async Task Polls_never_overlap_records_keep_the_task_s_order_and_the_task_is_stopped_only_between_polls()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("sequence");
        var topic = UniqueNames.For("sequence");
        await KafkaTopics.CreateAsync(broker.BootstrapServers, topic, 1);
        const int Read = 3000;
        await using (var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets")))
        {
            // Far more numbers than read: the task is still polling, with records in flight, when the worker stops.
            var config = new JsonObject
            {
                ["connector.class"] = "SequenceSource",
                ["topic"] = topic,
                ["count"] = 1_000_000_000,
                ["per.poll"] = 50,
                ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
            };
            using var created = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", new JsonObject { ["name"] = name, ["config"] = config }.ToJsonString());
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            var records = KafkaRecords.Read(broker.BootstrapServers, topic, Read);
            Assert.Equal(Enumerable.Range(0, Read).Select(n => n.ToString(CultureInfo.InvariantCulture)), records.Select(m => Encoding.UTF8.GetString(m.Value!)));
        }

        var calls = SequenceSourceConnector.Calls[name];
        Assert.True(calls.Polls >= Read / 50, "polls: " + calls.Polls);
        Assert.Equal(0, calls.OverlappingPolls);
        Assert.Equal(0, calls.StopsDuringPoll);
    }

    [Fact]
    public async Task A_task_that_fails_while_its_next_poll_runs_is_stopped_only_once_that_poll_returned()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("failing-sequence");
        var topic = UniqueNames.For("failing-sequence");
        await KafkaTopics.CreateAsync(broker.BootstrapServers, topic, 1);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        worker.Logs.Expect(e => e.Message.StartsWith("Task " + name + "-0 failed and will not recover until restarted: ", StringComparison.Ordinal));

        // ByteArrayConverter refuses the first record's string at once, while the poll read ahead takes 300 ms.
        var config = new JsonObject
        {
            ["connector.class"] = "SequenceSource",
            ["topic"] = topic,
            ["count"] = 1000,
            ["per.poll"] = 10,
            ["poll.ms"] = 300,
            ["value.converter"] = "org.apache.kafka.connect.converters.ByteArrayConverter",
        };
        using var created = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", new JsonObject { ["name"] = name, ["config"] = config }.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        JsonNode? task = null;
        for (var attempt = 0; attempt < 300 && (string?)task?["state"] != "FAILED"; attempt++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            task = await worker.GetJsonAsync("/connectors/" + name + "/tasks/0/status");
        }

        Assert.Equal("FAILED", (string?)task?["state"]);
        Assert.Contains("Invalid schema type for ByteArrayConverter: STRING", (string?)task!["trace"], StringComparison.Ordinal);
        var calls = SequenceSourceConnector.Calls[name];
        Assert.Equal(2, calls.Polls);
        Assert.Equal(0, calls.StopsDuringPoll);
    }
}
