using Confluent.Kafka;

namespace Wharf.RestProxy.Produce;

/// <summary>
/// The delivery reports of one produce request's records, gathered in request order; completes when the last
/// record is acknowledged or failed. Reports arrive on librdkafka's delivery thread, so recording one is a
/// store and a decrement.
/// </summary>
internal sealed class DeliveryBatch
{
    private readonly DeliveryResult[] _results;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;

    public DeliveryBatch(int count)
    {
        _results = new DeliveryResult[count];
        _remaining = count;
    }

    public IReadOnlyList<DeliveryResult> Results => _results;

    public Task Completion => _done.Task;

    public Action<DeliveryReport<byte[]?, byte[]?>> HandlerFor(int index) => report =>
        Complete(index, report.Error.IsError
            ? DeliveryResult.Failed(report.Error)
            : new DeliveryResult(report.Partition.Value, report.Offset.Value, null));

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

/// <summary>Where a record went, or why it did not.</summary>
internal readonly record struct DeliveryResult(int? Partition, long? Offset, Error? Error)
{
    public static DeliveryResult Failed(Error error) => new(null, null, error);
}
