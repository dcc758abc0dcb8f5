using System.Buffers.Binary;
using Wharf.Protocol.Compression;

namespace Wharf.Protocol.Records;

/// <summary>
/// Reads the records of one batch (magic 2), decompressing them first when the batch is compressed. Allocates
/// nothing per record: records are views into the batch or into a decompression buffer rented from the array
/// pool, which the reader keeps until it opens the next batch or is disposed. One reader can open many batches
/// in turn. Not thread-safe.
/// <para>
/// Bad input never throws: <see cref="Open"/> and <see cref="TryReadNext"/> stop at the first problem and
/// <see cref="Error"/> says what it was. The reader checks structure, not the CRC: call
/// <see cref="RecordBatch.Validate"/> first where the bytes come from outside.
/// </para>
/// <code>
/// using var reader = new RecordBatchReader();
/// if (reader.Open(batch) == RecordReadError.None)
/// {
///     while (reader.TryReadNext(out var record)) { ... }
/// }
/// if (reader.Error != RecordReadError.None) { /* CORRUPT_MESSAGE */ }
/// </code>
/// </summary>
public sealed class RecordBatchReader : IDisposable
{
    /// <summary>The default limit on a batch's decompressed records: 64 MiB, far above what producers batch
    /// (1 MiB by default before compression) and far below what a decompression bomb would take.</summary>
    public const int DefaultMaxDecompressedSize = 64 * 1024 * 1024;

    private const int AttributesSize = 1;

    private readonly PooledBufferWriter _decompressed = new();
    private readonly int _maxDecompressedSize;
    private ReadOnlyMemory<byte> _records;
    private int _position;

    /// <param name="maxDecompressedSize">The most bytes a compressed batch's records may decompress to.</param>
    public RecordBatchReader(int maxDecompressedSize = DefaultMaxDecompressedSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDecompressedSize);
        _maxDecompressedSize = maxDecompressedSize;
    }

    /// <summary>The header of the open batch (default before the first successful header read).</summary>
    public RecordBatchHeader Header { get; private set; }

    /// <summary>The first problem met in the open batch, if any.</summary>
    public RecordReadError Error { get; private set; }

    /// <summary>How many records of the open batch have been read.</summary>
    public int RecordsRead { get; private set; }

    /// <summary>
    /// Opens the batch at the start of <paramref name="batch"/> (bytes after it, <see cref="RecordBatchHeader.TotalSize"/>,
    /// are ignored) and decompresses its records if needed. Records of the previously open batch become invalid.
    /// </summary>
    public RecordReadError Open(ReadOnlyMemory<byte> batch)
    {
        _decompressed.Reset();
        _records = default;
        _position = 0;
        RecordsRead = 0;
        Header = default;
        Error = RecordReadError.None;

        var span = batch.Span;
        if (span.Length < RecordBatchHeader.Size)
        {
            return Fail(RecordReadError.Truncated);
        }

        // In 64 bits: a batch length near int.MaxValue must not wrap around when the 12 bytes before it are added.
        var total = (long)BinaryPrimitives.ReadInt32BigEndian(span[RecordBatchHeader.BatchLengthOffset..]) + RecordBatchHeader.LogOverhead;
        if (total < RecordBatchHeader.Size)
        {
            return Fail(RecordReadError.InvalidLength);
        }

        if (total > span.Length)
        {
            return Fail(RecordReadError.Truncated);
        }

        var header = new RecordBatchHeader(span);
        Header = header;
        if (header.Magic != RecordBatchHeader.CurrentMagic)
        {
            return Fail(RecordReadError.UnsupportedMagic);
        }

        var compression = header.Compression;
        if (compression > CompressionType.Zstd)
        {
            return Fail(RecordReadError.UnknownCompression);
        }

        if (header.RecordCount < 0)
        {
            return Fail(RecordReadError.RecordCountMismatch);
        }

        // An empty batch (compaction keeps one to remember a producer's last sequence) has nothing to decompress.
        var payload = batch[RecordBatchHeader.Size..(int)total];
        if (compression == CompressionType.None || (header.RecordCount == 0 && payload.IsEmpty))
        {
            _records = payload;
            return RecordReadError.None;
        }

        var status = CompressionCodec.For(compression).Decompress(payload.Span, _decompressed, _maxDecompressedSize, out _);
        if (status != DecompressionStatus.Success)
        {
            return Fail(status == DecompressionStatus.TooLarge ? RecordReadError.DecompressedTooLarge : RecordReadError.CorruptCompression);
        }

        _records = _decompressed.WrittenMemory;
        return RecordReadError.None;
    }

    /// <summary>
    /// Reads the next record. False at the end of the batch or at the first malformed record; then
    /// <see cref="Error"/> tells which (also when the count and the bytes disagree at the end).
    /// </summary>
    public bool TryReadNext(out Record record)
    {
        record = default;
        if (Error != RecordReadError.None)
        {
            return false;
        }

        var data = _records.Span;
        if (RecordsRead >= Header.RecordCount || _position == data.Length)
        {
            if (RecordsRead != Header.RecordCount || _position != data.Length)
            {
                Fail(RecordReadError.RecordCountMismatch);
            }

            return false;
        }

        var position = _position;
        if (!RecordEncoding.TryReadVarint(data, ref position, out var bodyLength) || bodyLength < 0 || bodyLength > data.Length - position)
        {
            Fail(RecordReadError.MalformedRecord);
            return false;
        }

        var bodyStart = position;
        var body = data.Slice(bodyStart, bodyLength);
        if (!TryParseBody(body, out var timestampDelta, out var offsetDelta, out var keyStart, out var keyLength, out var valueStart, out var valueLength, out var headerCount, out var headersStart))
        {
            Fail(RecordReadError.MalformedRecord);
            return false;
        }

        var memory = _records.Slice(bodyStart, bodyLength);
        var header = Header;
        record = new Record(
            header.BaseOffset + offsetDelta,
            header.TimestampType == TimestampType.LogAppendTime ? header.MaxTimestamp : header.BaseTimestamp + timestampDelta,
            keyLength < 0 ? NullableBytes.Null : memory.Slice(keyStart, keyLength),
            valueLength < 0 ? NullableBytes.Null : memory.Slice(valueStart, valueLength),
            new RecordHeaders(memory[headersStart..], headerCount),
            bodyStart + bodyLength - _position);
        _position = bodyStart + bodyLength;
        RecordsRead++;
        return true;
    }

    public void Dispose()
    {
        _decompressed.Dispose();
        _records = default;
    }

    /// <summary>
    /// Parses a record body (after its length): attributes, timestamp delta, offset delta, key, value, headers.
    /// Every field must lie inside the body and the body must end exactly after the last header, as Kafka's
    /// DefaultRecord.readFrom requires.
    /// </summary>
    private static bool TryParseBody(
        ReadOnlySpan<byte> body,
        out long timestampDelta,
        out int offsetDelta,
        out int keyStart,
        out int keyLength,
        out int valueStart,
        out int valueLength,
        out int headerCount,
        out int headersStart)
    {
        timestampDelta = 0;
        offsetDelta = 0;
        keyStart = keyLength = valueStart = valueLength = headerCount = headersStart = 0;
        var position = AttributesSize;
        if (body.Length < AttributesSize
            || !RecordEncoding.TryReadVarlong(body, ref position, out timestampDelta)
            || !RecordEncoding.TryReadVarint(body, ref position, out offsetDelta)
            || !RecordEncoding.TryReadField(body, ref position, out keyStart, out keyLength)
            || !RecordEncoding.TryReadField(body, ref position, out valueStart, out valueLength)
            || !RecordEncoding.TryReadVarint(body, ref position, out headerCount)
            || headerCount < 0)
        {
            return false;
        }

        headersStart = position;
        for (var i = 0; i < headerCount; i++)
        {
            // A header key is a string, never null; its value may be.
            if (!RecordEncoding.TryReadField(body, ref position, out _, out var headerKeyLength)
                || headerKeyLength < 0
                || !RecordEncoding.TryReadField(body, ref position, out _, out _))
            {
                return false;
            }
        }

        return position == body.Length;
    }

    private RecordReadError Fail(RecordReadError error)
    {
        Error = error;
        return error;
    }
}
