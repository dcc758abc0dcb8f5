using System.Collections.Concurrent;
using Confluent.Kafka;

namespace Wharf.RestProxy.Produce;

/// <summary>
/// The delivery reports of one produce request's records, gathered in request order; completes when the last
/// record is acknowledged or failed. Reports arrive on librdkafka's delivery thread, so recording one is a
/// store and a decrement. A batch is reused by later requests (<see cref="DeliveryBatchPool"/>): its per-record
/// delivery handlers are made once per slot, not once per record produced.
/// </summary>
internal sealed class DeliveryBatch
{
    private readonly List<Action<DeliveryReport<byte[]?, byte[]?>>> _handlers = [];
    private DeliveryResult[] _results = [];
    private TaskCompletionSource _done = new();
    private int _count;
    private int _remaining;

    public int Capacity => _handlers.Count;

    public ReadOnlySpan<DeliveryResult> Results => _results.AsSpan(0, _count);

    public Task Completion => _done.Task;

    /// <summary>Readies the batch for a request of <paramref name="count"/> records.</summary>
    public void Start(int count)
    {
        for (var i = _handlers.Count; i < count; i++)
        {
            var index = i;
            _handlers.Add(report => Complete(index, report.Error.IsError
                ? DeliveryResult.Failed(report.Error)
                : new DeliveryResult(report.Partition.Value, report.Offset.Value, null)));
        }

        if (_results.Length < count)
        {
            _results = new DeliveryResult[count];
        }

        _count = count;
        _remaining = count;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Action<DeliveryReport<byte[]?, byte[]?>> HandlerFor(int index) => _handlers[index];

    /// <summary>Records a record that failed before it was handed to Kafka (the producer refused it).</summary>
    public void Complete(int index, DeliveryResult result)
    {
        _results[index] = result;
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }
}

/// <summary>
/// Batches whose every report has arrived, for the next requests. A batch is returned only after its completion,
/// so no handler of it can still be called; a batch for more than <see cref="MaxPooledRecords"/> records is let go,
/// and so are batches beyond <see cref="MaxPooled"/>, so one huge or bursty request does not pin memory for good.
/// </summary>
internal sealed class DeliveryBatchPool
{
    private const int MaxPooledRecords = 10_000;
    private static readonly int MaxPooled = Environment.ProcessorCount * 4;

    private readonly ConcurrentBag<DeliveryBatch> _batches = [];

    public DeliveryBatch Rent(int count)
    {
        var batch = _batches.TryTake(out var pooled) ? pooled : new DeliveryBatch();
        batch.Start(count);
        return batch;
    }

    public void Return(DeliveryBatch batch)
    {
        if (batch.Completion.IsCompletedSuccessfully && batch.Capacity <= MaxPooledRecords && _batches.Count < MaxPooled)
        {
            _batches.Add(batch);
        }
    }
}

/// <summary>Where a record went, or why it did not.</summary>
internal readonly record struct DeliveryResult(int? Partition, long? Offset, Error? Error)
{
    public static DeliveryResult Failed(Error error) => new(null, null, error);
}
