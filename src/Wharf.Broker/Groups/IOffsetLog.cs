namespace Wharf.Broker.Groups;

/// <summary>
/// Where committed offsets are kept across restarts: an append-only, compacted log of key/value records in the
/// layout of Kafka's <c>__consumer_offsets</c> (see <see cref="OffsetRecordCodec"/>). A null value is a tombstone.
/// The coordinator appends under a group's lock, so records of one group reach the log in commit order.
/// </summary>
public interface IOffsetLog
{
    /// <summary>Appends <paramref name="records"/> as one batch; returns once a later <see cref="ReadAll"/> sees
    /// them. Must be safe to call from several threads. Throws <see cref="IOException"/> when the log cannot be written.</summary>
    void Append(IReadOnlyList<OffsetLogRecord> records);

    /// <summary>Every record from the start of the log, in append order (a compacted log may have dropped
    /// superseded ones). Called once, before any <see cref="Append"/>.</summary>
    IEnumerable<OffsetLogRecord> ReadAll();
}

/// <summary>One record of the offset log: key and value bytes; a null value deletes the key.</summary>
public sealed record OffsetLogRecord(byte[] Key, byte[]? Value, long Timestamp);
