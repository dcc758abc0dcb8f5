using Confluent.Kafka;
using Wharf.Clients;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Integration;

/// <summary>Confluent.Kafka (the .NET client every Wharf service uses) producing to and consuming from the broker.</summary>
public sealed class ConfluentClientTests : IAsyncLifetime
{
    private EmbeddedBroker _broker = null!;

    public async ValueTask InitializeAsync()
    {
        KafkaClientLibrary.EnsureLoaded();
        _broker = await EmbeddedBroker.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task Records_produced_with_acks_all_are_consumed_in_order_with_keys_headers_and_timestamps()
    {
        var topic = UniqueNames.For("confluent");
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, Acks = Acks.All }).Build())
        {
            for (var i = 0; i < 100; i++)
            {
                var headers = new Headers { { "index", BitConverter.GetBytes(i) } };
                var result = await producer.ProduceAsync(topic, new Message<string, string> { Key = "k" + i, Value = "v" + i, Headers = headers, Timestamp = new Timestamp(1_700_000_000_000 + i, TimestampType.CreateTime) }, TestContext.Current.CancellationToken);
                Assert.Equal(i, result.Offset.Value);
            }
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = _broker.BootstrapServers, GroupId = UniqueNames.For("g"), AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Subscribe(topic);
        for (var i = 0; i < 100; i++)
        {
            var record = consumer.Consume(TimeSpan.FromSeconds(15)) ?? throw new TimeoutException("record " + i + " did not arrive");
            Assert.Equal(i, record.Offset.Value);
            Assert.Equal("k" + i, record.Message.Key);
            Assert.Equal("v" + i, record.Message.Value);
            Assert.Equal(1_700_000_000_000 + i, record.Message.Timestamp.UnixTimestampMs);
            Assert.Equal(i, BitConverter.ToInt32(record.Message.Headers.GetLastBytes("index")));
        }

        consumer.Close();
    }
}
