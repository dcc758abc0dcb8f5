using System.Buffers.Binary;

namespace Wharf.Storage.Segments;

/// <summary>An offset index entry: a batch's base offset and the position of the batch in the segment file.</summary>
internal readonly record struct OffsetPosition(long Offset, int Position);

/// <summary>
/// Sparse offset index of one segment, as Kafka's OffsetIndex: 8-byte entries of (base offset of a batch relative
/// to the segment's base offset, int32; byte position of that batch, int32), big-endian, one entry per
/// index.interval.bytes of log. A lookup returns the greatest entry at or below an offset; the caller scans
/// batches forward from there.
/// </summary>
internal sealed class OffsetIndex : IndexFile<OffsetPosition>
{
    public const int EntrySize = 8;

    public OffsetIndex(string path, long baseOffset, int maxIndexBytes, FileMode mode)
        : base(path, baseOffset, EntrySize, maxIndexBytes / EntrySize, mode)
    {
    }

    public void Append(long offset, int position) => AppendEntry(new OffsetPosition(offset, position));

    /// <summary>The greatest entry whose offset is at or below <paramref name="offset"/>, else the segment start.</summary>
    public OffsetPosition Lookup(long offset)
    {
        var entries = Entries;
        int low = 0, high = entries.Length - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            if (entries[mid].Offset <= offset)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found < 0 ? new OffsetPosition(BaseOffset, 0) : entries[found];
    }

    protected override void Encode(in OffsetPosition entry, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, checked((int)(entry.Offset - BaseOffset)));
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], entry.Position);
    }

    protected override OffsetPosition Decode(ReadOnlySpan<byte> source) =>
        new(BaseOffset + BinaryPrimitives.ReadInt32BigEndian(source), BinaryPrimitives.ReadInt32BigEndian(source[4..]));

    protected override bool IsOrdered(OffsetPosition? previous, in OffsetPosition next, long logSize) =>
        next.Offset >= BaseOffset
        && next.Position >= 0
        && next.Position < logSize
        && (previous is not { } p || (next.Offset > p.Offset && next.Position > p.Position));
}
