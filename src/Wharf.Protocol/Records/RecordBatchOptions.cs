namespace Wharf.Protocol.Records;

/// <summary>
/// The header fields of a batch that <see cref="RecordBatchBuilder"/> does not derive from its records. The
/// defaults are those of a non-idempotent Java producer (no producer id, epoch or sequence; leader epoch -1).
/// </summary>
public sealed record RecordBatchOptions
{
    public static RecordBatchOptions Default { get; } = new();

    public long BaseOffset { get; init; }

    public int PartitionLeaderEpoch { get; init; } = -1;

    public CompressionType Compression { get; init; }

    /// <summary>The codec's level (compression.gzip/lz4/zstd.level, KIP-390); null for the codec's default.</summary>
    public int? CompressionLevel { get; init; }

    public long ProducerId { get; init; } = -1;

    public short ProducerEpoch { get; init; } = -1;

    public int BaseSequence { get; init; } = -1;

    public bool IsTransactional { get; init; }

    /// <summary>A control batch (transaction markers); only the broker writes these.</summary>
    public bool IsControl { get; init; }

    /// <summary>When set, the batch is LogAppendTime and this is its max timestamp, which readers report as
    /// every record's timestamp.</summary>
    public long? LogAppendTime { get; init; }

    /// <summary>When set (by compaction, KIP-534), attributes bit 6 is set and the base timestamp holds this
    /// delete horizon; record timestamps stay exact because their deltas are taken from it.</summary>
    public long? DeleteHorizon { get; init; }
}
