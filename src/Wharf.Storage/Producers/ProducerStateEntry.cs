namespace Wharf.Storage.Producers;

/// <summary>What the log remembers of one appended idempotent batch: enough to recognise a retry and answer it.</summary>
internal readonly record struct ProducerBatch(int FirstSequence, int LastSequence, long BaseOffset, int OffsetDelta, long Timestamp)
{
    public long LastOffset => BaseOffset + OffsetDelta;
}

/// <summary>
/// One idempotent producer's state in one partition (KIP-98): its current epoch and its last
/// <see cref="BatchesToRetain"/> batches, newest last, as Kafka's ProducerStateEntry.
/// </summary>
internal sealed class ProducerStateEntry
{
    /// <summary>Kafka's ProducerStateEntry.NUM_BATCHES_TO_RETAIN: a client keeps at most 5 batches in flight per partition.</summary>
    public const int BatchesToRetain = 5;

    private readonly ProducerBatch[] _batches = new ProducerBatch[BatchesToRetain];
    private int _count;
    private int _next;

    public ProducerStateEntry(short epoch) => Epoch = epoch;

    public short Epoch { get; private set; }

    /// <summary>The max timestamp of the newest batch; producer.id.expiration.ms counts from it.</summary>
    public long LastTimestamp { get; private set; } = -1;

    public int Count => _count;

    public ProducerBatch? Newest => _count == 0 ? null : _batches[(_next + BatchesToRetain - 1) % BatchesToRetain];

    /// <summary>The retained batches, oldest first.</summary>
    public IEnumerable<ProducerBatch> Batches
    {
        get
        {
            for (var i = 0; i < _count; i++)
            {
                yield return _batches[(_next - _count + i + BatchesToRetain) % BatchesToRetain];
            }
        }
    }

    public bool TryFindDuplicate(int firstSequence, int lastSequence, out ProducerBatch duplicate)
    {
        for (var i = 0; i < _count; i++)
        {
            var batch = _batches[i];
            if (batch.FirstSequence == firstSequence && batch.LastSequence == lastSequence)
            {
                duplicate = batch;
                return true;
            }
        }

        duplicate = default;
        return false;
    }

    /// <summary>Records an appended batch; a new epoch forgets the batches of the old one.</summary>
    public void Add(short epoch, ProducerBatch batch)
    {
        if (epoch != Epoch)
        {
            Epoch = epoch;
            _count = 0;
            _next = 0;
        }

        _batches[_next] = batch;
        _next = (_next + 1) % BatchesToRetain;
        _count = Math.Min(_count + 1, BatchesToRetain);
        LastTimestamp = Math.Max(LastTimestamp, batch.Timestamp);
    }
}
