using Confluent.Kafka;
using Wharf.Broker.Tests.Support;
using Wharf.Clients;
using Wharf.Protocol.Messages;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Integration;

/// <summary>
/// A clean restart under running Confluent.Kafka clients: the records, the committed offsets and the idempotent
/// producer's state all survive, and the clients carry on without noticing more than a reconnect.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private EmbeddedBroker _broker = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        KafkaClientLibrary.EnsureLoaded();
        _broker = await EmbeddedBroker.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task An_idempotent_producer_and_a_group_consumer_carry_on_across_a_broker_restart()
    {
        var topic = UniqueNames.For("restart");
        var group = UniqueNames.For("g");
        await using (var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, Cancel))
        {
            await Wire.CreateTopicAsync(client, topic, partitions: 2);
        }

        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers, EnableIdempotence = true, LingerMs = 5 }).Build();
        await ProduceAsync(producer, topic, 0, 50);
        var before = ConsumeAndCommit(group, topic, 50);

        await _broker.RestartAsync();
        await ProduceAsync(producer, topic, 50, 50);
        var after = ConsumeAndCommit(group, topic, 50);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => "v" + i), before.OrderBy(v => int.Parse(v[1..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Enumerable.Range(50, 50).Select(i => "v" + i), after.OrderBy(v => int.Parse(v[1..], System.Globalization.CultureInfo.InvariantCulture)));
        await using var wire = await KafkaWireClient.ConnectAsync(_broker.EndPoint, Cancel);
        var stored = (await Wire.ReadAllAsync(wire, topic, 0)).Count + (await Wire.ReadAllAsync(wire, topic, 1)).Count;
        Assert.Equal(100, stored);
    }

    [Fact]
    public async Task Producer_ids_are_never_handed_out_twice_across_restarts()
    {
        async Task<long> InitAsync()
        {
            await using var client = await KafkaWireClient.ConnectAsync(_broker.EndPoint, Cancel);
            var response = await client.SendAsync<InitProducerIdRequest, InitProducerIdResponse>(new InitProducerIdRequest { TransactionalId = null, TransactionTimeoutMs = 60_000 }, 4, Cancel);
            return response.ProducerId;
        }

        var first = await InitAsync();
        await _broker.RestartAsync();
        var second = await InitAsync();
        await _broker.RestartAsync();
        var third = await InitAsync();

        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
    }

    private static async Task ProduceAsync(IProducer<string, string> producer, string topic, int from, int count)
    {
        var sent = await Task.WhenAll(Enumerable.Range(from, count).Select(i => producer.ProduceAsync(topic, new Message<string, string> { Key = "k" + i, Value = "v" + i }, Cancel)));
        Assert.All(sent, r => Assert.Equal(PersistenceStatus.Persisted, r.Status));
    }

    private List<string> ConsumeAndCommit(string group, string topic, int count)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = _broker.BootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var values = new List<string>();
        var deadline = DateTime.UtcNow + Timeout;
        while (values.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "only " + values.Count + " of " + count + " records arrived");
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } record)
            {
                values.Add(record.Message.Value);
                consumer.Commit(record);
            }
        }

        Assert.Null(consumer.Consume(TimeSpan.FromMilliseconds(300)));
        consumer.Close();
        return values;
    }
}
