using System.Globalization;
using System.Text;
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
            await worker.CreateConnectorAsync(name, new Dictionary<string, string>
            {
                ["connector.class"] = "SequenceSource",
                ["topic"] = topic,
                ["count"] = "1000000000",
                ["per.poll"] = "50",
                ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
            });

            var records = KafkaRecords.Read(broker.BootstrapServers, topic, Read);
            Assert.Equal(Enumerable.Range(0, Read).Select(n => n.ToString(CultureInfo.InvariantCulture)), records.Select(m => Encoding.UTF8.GetString(m.Value!)));
        }

        var calls = SequenceSourceConnector.Calls[name];
        Assert.True(calls.Polls >= Read / 50, "polls: " + calls.Polls);
        Assert.Equal(0, calls.OverlappingPolls);
        Assert.Equal(0, calls.StopsDuringPoll);
    }
}
