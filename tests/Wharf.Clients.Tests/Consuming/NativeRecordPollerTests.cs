using System.Text;
using Confluent.Kafka;
using Wharf.Clients.Consuming;
using Wharf.Testing;

namespace Wharf.Clients.Tests.Consuming;

/// <summary>The poller's waiting form, Poll(timeout), against the embedded broker.</summary>
public sealed class NativeRecordPollerTests
{
    [Fact]
    public async Task A_poll_with_a_timeout_waits_for_a_record_produced_while_it_waits()
    {
        await using var broker = await EmbeddedBroker.StartAsync();
        var topic = UniqueNames.For("poll-wait");
        await KafkaTopics.CreateAsync(broker.BootstrapServers, topic, 1);
        using var consumer = Consumer(broker, topic);
        using var poller = NativeRecordPoller.For(consumer)!;
        Assert.Null(poller.Poll(TimeSpan.FromMilliseconds(200)));

        var produced = Task.Run(async () =>
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build();
            await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = null, Value = Encoding.UTF8.GetBytes("late") }, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);
        using (var record = poller.Poll(TimeSpan.FromSeconds(30)))
        {
            Assert.NotNull(record);
            Assert.Equal(topic, record.Topic);
            Assert.Equal(0, record.Offset);
            Assert.False(record.HasKey);
            Assert.Equal("late", Encoding.UTF8.GetString(record.Value));
        }

        await produced;
        Assert.Null(poller.Poll());
    }

    private static IConsumer<byte[]?, byte[]?> Consumer(EmbeddedBroker broker, string topic)
    {
        KafkaClientLibrary.EnsureLoaded();
        var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = UniqueNames.For("poller"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        return consumer;
    }
}
