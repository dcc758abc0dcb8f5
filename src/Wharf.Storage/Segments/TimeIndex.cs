using System.Buffers.Binary;

namespace Wharf.Storage.Segments;

/// <summary>A time index entry: the largest timestamp seen so far in the segment and the base offset of the batch that holds it.</summary>
internal readonly record struct TimestampOffset(long Timestamp, long Offset);

/// <summary>
/// Sparse time index of one segment, as Kafka's TimeIndex: 12-byte entries of (largest timestamp so far, int64;
/// offset relative to the segment base, int32), big-endian. An entry is written next to each offset index entry
/// when the largest timestamp has grown, and once more when the segment stops being active, so the last entry
/// holds the segment's largest timestamp. Every record at or before an entry's offset has a timestamp at or below
/// the entry's, which is what a search by timestamp relies on.
/// </summary>
internal sealed class TimeIndex : IndexFile<TimestampOffset>
{
    public const int EntrySize = 12;

    public TimeIndex(string path, long baseOffset, int maxIndexBytes, FileMode mode)
        : base(path, baseOffset, EntrySize, maxIndexBytes / EntrySize, mode)
    {
    }

    /// <summary>Appends when <paramref name="timestamp"/> is larger than the last entry's; returns whether it did.</summary>
    public bool MaybeAppend(long timestamp, long offset)
    {
        if (timestamp < 0 || (Last is { } last && timestamp <= last.Timestamp))
        {
            return false;
        }

        AppendEntry(new TimestampOffset(timestamp, offset));
        return true;
    }

    /// <summary>
    /// The offset to start scanning from for the first record with a timestamp at or after <paramref name="timestamp"/>:
    /// the offset of the greatest entry strictly below it (no record up to there can match), else the segment start.
    /// </summary>
    public long LookupScanStart(long timestamp)
    {
        var entries = Entries;
        int low = 0, high = entries.Length - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (entries[mid].Timestamp < timestamp)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found < 0 ? BaseOffset : entries[found].Offset;
    }

    protected override void Encode(in TimestampOffset entry, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, entry.Timestamp);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], checked((int)(entry.Offset - BaseOffset)));
    }

    protected override TimestampOffset Decode(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadInt64BigEndian(source), BaseOffset + BinaryPrimitives.ReadInt32BigEndian(source[8..]));

    protected override bool IsOrdered(TimestampOffset? previous, in TimestampOffset next, long logSize) =>
        next.Offset >= BaseOffset
        && next.Timestamp >= 0
        && (previous is not { } p || (next.Timestamp > p.Timestamp && next.Offset >= p.Offset));
}
