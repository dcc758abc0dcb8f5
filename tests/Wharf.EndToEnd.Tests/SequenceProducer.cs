using System.Collections.Concurrent;
using System.Globalization;
using Confluent.Kafka;
using Wharf.Clients;

namespace Wharf.EndToEnd.Tests;

/// <summary>A record the broker acknowledged: where it says it stored which sequence number.</summary>
internal readonly record struct Acknowledged(int Partition, long Offset, long Sequence);

/// <summary>
/// A Confluent.Kafka producer (acks=all) streaming values 0, 1, 2 ... (the sequence number as text) to one topic
/// from a background loop, keeping at most a bounded number of records unacknowledged, and recording every delivery
/// report: the successful ones with the partition and offset the broker assigned, the failed ones with their error.
/// </summary>
internal sealed class SequenceProducer : IDisposable
{
    private const int MaxOutstanding = 5000;

    private readonly IProducer<Null, string> _producer;
    private readonly ConcurrentQueue<Acknowledged> _acknowledged = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly SemaphoreSlim _outstanding = new(MaxOutstanding, MaxOutstanding);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _sent;

    public SequenceProducer(string bootstrapServers, bool idempotent, TimeSpan messageTimeout)
    {
        KafkaClientLibrary.EnsureLoaded();
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = idempotent,
            LingerMs = 2,

            // Small batches, so that several produce requests are in flight at once (pipelined on the connection)
            // and a kill lands between them, not only between one request and the next.
            BatchNumMessages = 100,
            MessageTimeoutMs = (int)messageTimeout.TotalMilliseconds,

            // Reconnect quickly once the broker is back (the default backoff grows to 10 s).
            ReconnectBackoffMaxMs = 500,
        };
        _producer = new ProducerBuilder<Null, string>(config).Build();
    }

    /// <summary>Records handed to the client so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public int AcknowledgedCount => _acknowledged.Count;

    /// <summary>Every successful delivery report so far.</summary>
    public IReadOnlyList<Acknowledged> Acknowledged => [.. _acknowledged];

    /// <summary>Every failed delivery report so far ("sequence: error").</summary>
    public IReadOnlyList<string> Failures => [.. _failures];

    /// <summary>Starts producing sequence numbers 0 to <paramref name="count"/> - 1 in the background.</summary>
    public void Start(string topic, long count = long.MaxValue)
    {
        _loop = Task.Run(async () =>
        {
            for (long sequence = 0; sequence < count; sequence++)
            {
                await _outstanding.WaitAsync(_stop.Token);
                var value = sequence.ToString(CultureInfo.InvariantCulture);
                _producer.Produce(topic, new Message<Null, string> { Value = value }, OnDelivery);
                Interlocked.Increment(ref _sent);
            }
        });
    }

    /// <summary>Waits until at least <paramref name="count"/> records are acknowledged.</summary>
    public async Task WaitForAcknowledgedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (AcknowledgedCount < count)
        {
            if (_loop is { IsFaulted: true })
            {
                await _loop;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {AcknowledgedCount} of {count} records were acknowledged within {timeout.TotalSeconds} s; failures: {string.Join("; ", Failures.Take(5))}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Stops handing new records to the client (those already handed over stay queued).</summary>
    public async Task StopSendingAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await (_loop ?? Task.CompletedTask);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Waits until the loop has handed over every record (it ran to its count).</summary>
    public Task WaitUntilAllSentAsync() => _loop ?? Task.CompletedTask;

    /// <summary>Waits for every queued record to be reported; returns how many are still unreported after the timeout.</summary>
    public int Flush(TimeSpan timeout) => _producer.Flush(timeout);

    private void OnDelivery(DeliveryReport<Null, string> report)
    {
        if (report.Error.IsError)
        {
            _failures.Enqueue(report.Message.Value + ": " + report.Error);
        }
        else
        {
            _acknowledged.Enqueue(new Acknowledged(report.Partition.Value, report.Offset.Value, long.Parse(report.Message.Value, CultureInfo.InvariantCulture)));
        }

        _outstanding.Release();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _producer.Dispose();
        _outstanding.Dispose();
        _stop.Dispose();
    }
}
