using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>
/// How the worker calls a source task's poll: never two polls at once, never Stop during a poll, and the task's
/// records in the task's order across many polls, with earlier polls still being acknowledged.
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
}
