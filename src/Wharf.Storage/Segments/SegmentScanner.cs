using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Wharf.Protocol.Records;
using Wharf.Storage.IO;

namespace Wharf.Storage.Segments;

/// <summary>Why a scan stopped before the end of the range.</summary>
internal enum ScanStop
{
    /// <summary>The range ended exactly after a whole batch.</summary>
    End,

    /// <summary>Fewer bytes are left than a header, or than the batch length announces: a torn write.</summary>
    Truncated,

    /// <summary>The batch length is smaller than a batch header.</summary>
    InvalidLength,

    UnsupportedMagic,

    CrcMismatch,

    /// <summary>A record count below one or a negative last offset delta.</summary>
    InvalidRecordCount,
}

/// <summary>
/// Walks the record batches of a segment file from a position up to an end, reading in chunks through a pooled
/// buffer (never the whole file). With <c>verify</c> each batch's CRC-32C is checked, streaming through batches
/// larger than the buffer; without it, payloads are skipped and only headers are read.
/// </summary>
internal sealed class SegmentScanner : IDisposable
{
    /// <summary>Chunk for whole-segment scans (recovery, index rebuild).</summary>
    public const int LargeChunk = 64 * 1024;

    /// <summary>Chunk for a lookup from an index entry: one index interval (4 KiB by default) plus headers.</summary>
    public const int SmallChunk = 8 * 1024;

    private readonly SafeFileHandle _file;
    private readonly long _end;
    private readonly bool _verify;
    private byte[] _buffer;
    private long _bufferStart;
    private int _bufferLength;

    public SegmentScanner(SafeFileHandle file, long start, long end, bool verify, int chunkSize = LargeChunk)
    {
        _file = file;
        Position = start;
        _end = end;
        _verify = verify;
        _buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
    }

    /// <summary>Where the next batch starts, or where the scan stopped.</summary>
    public long Position { get; private set; }

    /// <summary>The position of <see cref="Current"/>.</summary>
    public long CurrentPosition { get; private set; }

    public RecordBatchHeader Current { get; private set; }

    public ScanStop Stop { get; private set; }

    public bool MoveNext()
    {
        var remaining = _end - Position;
        if (remaining <= 0)
        {
            Stop = ScanStop.End;
            return false;
        }

        if (remaining < RecordBatchHeader.Size)
        {
            Stop = ScanStop.Truncated;
            return false;
        }

        var header = Buffered(Position, RecordBatchHeader.Size);
        var size = RecordBatchHeader.PeekTotalSize(header);
        if (size < RecordBatchHeader.Size)
        {
            Stop = ScanStop.InvalidLength;
            return false;
        }

        if (size > remaining)
        {
            Stop = ScanStop.Truncated;
            return false;
        }

        var parsed = new RecordBatchHeader(header);
        if (parsed.Magic != RecordBatchHeader.CurrentMagic)
        {
            Stop = ScanStop.UnsupportedMagic;
            return false;
        }

        if (_verify)
        {
            if (parsed.RecordCount <= 0 || parsed.LastOffsetDelta < 0)
            {
                Stop = ScanStop.InvalidRecordCount;
                return false;
            }

            if (ComputeCrc(Position, size) != parsed.Crc)
            {
                Stop = ScanStop.CrcMismatch;
                return false;
            }
        }

        Current = parsed;
        CurrentPosition = Position;
        Position += size;
        return true;
    }

    private uint ComputeCrc(long position, int size)
    {
        if (size <= _buffer.Length)
        {
            return RecordBatch.ComputeCrc(Buffered(position, size));
        }

        // A batch larger than the buffer: stream it through, continuing the CRC chunk by chunk.
        var crc = ~0u;
        var at = position + RecordBatchHeader.AttributesOffset;
        var end = position + size;
        while (at < end)
        {
            var length = (int)Math.Min(_buffer.Length, end - at);
            crc = Crc32C.Append(crc, Buffered(at, length));
            at += length;
        }

        return ~crc;
    }

    /// <summary>The bytes [position, position + length), reading a new chunk when they are not all buffered.</summary>
    private ReadOnlySpan<byte> Buffered(long position, int length)
    {
        if (position < _bufferStart || position + length > _bufferStart + _bufferLength)
        {
            if (length > _buffer.Length)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(length);
            }

            var want = (int)Math.Min(_buffer.Length, _end - position);
            _bufferStart = position;
            _bufferLength = FileIo.ReadAtMost(_file, _buffer.AsSpan(0, Math.Max(want, length)), position);
            if (_bufferLength < length)
            {
                throw new EndOfStreamException($"The file ended at {position + _bufferLength}, before the {_end} bytes it was scanned to.");
            }
        }

        return _buffer.AsSpan((int)(position - _bufferStart), length);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
