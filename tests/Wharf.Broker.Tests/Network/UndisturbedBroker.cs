using System.Collections.Concurrent;
using Confluent.Kafka;
using Wharf.Broker.Tests.Support;
using Wharf.Clients;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Network;

/// <summary>
/// A broker under attack and the well-behaved clients that must not notice: records stored before anything bad
/// happens (read back identically afterwards), and a Confluent.Kafka producer and consumer that keep running on
/// their own connections the whole time. The producer sends "m0", "m1", ... one at a time with acks=all; the
/// consumer must see exactly that sequence, without a gap or a repeat, and keep making progress.
/// </summary>
public class UndisturbedBroker : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _consumed = new();
    private readonly List<Wire.FetchedRecord> _stored = [];
    private Task _producing = Task.CompletedTask;
    private Task _consuming = Task.CompletedTask;
    private int _delivered;
    private Exception? _clientFailure;

    public EmbeddedBroker Broker { get; private set; } = null!;

    /// <summary>A topic written before the test and never touched again.</summary>
    public string StoredTopic { get; } = UniqueNames.For("stored");

    public string TrafficTopic { get; } = UniqueNames.For("traffic");

    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public async ValueTask InitializeAsync()
    {
        KafkaClientLibrary.EnsureLoaded();
        Broker = await EmbeddedBroker.StartAsync(Settings);
        await using (var client = await KafkaWireClient.ConnectAsync(Broker.EndPoint))
        {
            await Wire.CreateTopicAsync(client, StoredTopic, partitions: 2);
            await Wire.CreateTopicAsync(client, TrafficTopic);
            for (var i = 0; i < 20; i++)
            {
                await Wire.ProduceAsync(client, StoredTopic, i % 2, Wire.Batch(["s" + i, "t" + i]));
            }

            _stored.AddRange(await ReadStoredAsync(client));
        }

        _producing = Task.Run(Produce);
        _consuming = Task.Factory.StartNew(Consume, TaskCreationOptions.LongRunning);
        await WaitForProgressAsync();
    }

    /// <summary>
    /// Fails unless the broker still serves everyone as before: the background consumer sees new records (in
    /// sequence, none lost or repeated), a new connection works, and the stored records read back unchanged.
    /// </summary>
    public async Task AssertUndisturbedAsync()
    {
        await WaitForProgressAsync();
        await using var client = await KafkaWireClient.ConnectAsync(Broker.EndPoint);
        Assert.Equal(_stored, await ReadStoredAsync(client));
    }

    private async Task WaitForProgressAsync()
    {
        var target = _consumed.Count + 20;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_consumed.Count < target)
        {
            if (_clientFailure is not null)
            {
                throw new InvalidOperationException("The well-behaved client failed", _clientFailure);
            }

            Assert.True(DateTime.UtcNow < deadline, "The well-behaved consumer stopped making progress at " + _consumed.Count + " records (" + _delivered + " delivered).");
            await Task.Delay(20);
        }

        var consumed = _consumed.ToArray();
        for (var i = 0; i < consumed.Length; i++)
        {
            Assert.True("m" + i == consumed[i], "The well-behaved consumer saw " + consumed[i] + " at position " + i + ".");
        }
    }

    private async Task<List<Wire.FetchedRecord>> ReadStoredAsync(KafkaWireClient client) =>
        [.. await Wire.ReadAllAsync(client, StoredTopic, 0), .. await Wire.ReadAllAsync(client, StoredTopic, 1)];

    private async Task Produce()
    {
        try
        {
            using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = Broker.BootstrapServers, Acks = Acks.All, LingerMs = 0 }).Build();
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                await producer.ProduceAsync(TrafficTopic, new Message<Null, string> { Value = "m" + i });
                Interlocked.Increment(ref _delivered);
                await Task.Delay(2);
            }
        }
        catch (Exception exception)
        {
            _clientFailure ??= exception;
        }
    }

    private void Consume()
    {
        try
        {
            using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
            {
                BootstrapServers = Broker.BootstrapServers,
                GroupId = UniqueNames.For("unused"),
                EnableAutoCommit = false,
                FetchWaitMaxMs = 100,
            }).Build();
            consumer.Assign(new TopicPartitionOffset(TrafficTopic, 0, 0));
            while (!_stop.IsCancellationRequested)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { } record)
                {
                    _consumed.Enqueue(record.Message.Value);
                }
            }

            consumer.Close();
        }
        catch (Exception exception)
        {
            _clientFailure ??= exception;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_producing, _consuming);
        await Broker.DisposeAsync();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
