using System.Buffers;
using System.Buffers.Binary;
using Wharf.Protocol.Primitives;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Tests.Records;

/// <summary>Bad input is answered with an error, never an exception, and never costs more memory than the limit.</summary>
public sealed class RecordBatchReaderTests
{
    private const long Time = 1_700_000_000_000;

    [Fact]
    public void Header_cut_short_is_truncated()
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        Assert.Equal(RecordReadError.Truncated, Read(batch.AsSpan(0, RecordBatchHeader.Size - 1).ToArray()));
        Assert.Equal(RecordReadError.Truncated, Read([]));
    }

    [Fact]
    public void Batch_shorter_than_its_length_field_is_truncated()
    {
        var batch = Build(CompressionType.None, ("k", "v"), ("k2", "v2"));
        Assert.Equal(RecordReadError.Truncated, Read(batch.AsSpan(0, batch.Length - 1).ToArray()));
    }

    [Fact]
    public void Bytes_after_the_batch_are_not_read()
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        using var reader = new RecordBatchReader();
        Assert.Equal(RecordReadError.None, reader.Open(batch.Concat(new byte[] { 1, 2, 3 }).ToArray()));
        Assert.True(reader.TryReadNext(out _));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(RecordReadError.None, reader.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(RecordBatchHeader.Size - RecordBatchHeader.LogOverhead - 1)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Batch_length_below_a_header_is_invalid(int batchLength)
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.BatchLengthOffset), batchLength);
        Assert.Equal(RecordReadError.InvalidLength, Read(batch));
    }

    [Fact]
    public void Batch_length_of_int_max_is_truncated_without_allocating_it()
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.BatchLengthOffset), int.MaxValue);
        Assert.Equal(RecordReadError.Truncated, Read(batch));
    }

    [Fact]
    public void Old_magic_is_unsupported()
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        batch[RecordBatchHeader.MagicOffset] = 1;
        Assert.Equal(RecordReadError.UnsupportedMagic, Read(batch));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void Compression_bits_naming_no_codec_are_unknown(int codec)
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        batch[RecordBatchHeader.AttributesOffset + 1] = (byte)codec;
        Assert.Equal(RecordReadError.UnknownCompression, Read(batch));
    }

    [Fact]
    public void Record_whose_length_runs_past_the_batch_is_malformed()
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        batch[RecordBatchHeader.Size] = (byte)Varint.ZigZag(60);
        Assert.Equal(RecordReadError.MalformedRecord, ReadAll(batch));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void Key_length_below_minus_one_is_malformed(int keyLength)
    {
        // length, attributes, timestamp delta 0, offset delta 0, then the key length.
        var batch = Build(CompressionType.None, ("k", "v"));
        var keyLengthAt = RecordBatchHeader.Size + 4;
        Assert.Equal(Varint.ZigZag(1), batch[keyLengthAt]);
        var rewritten = Splice(batch, keyLengthAt, 1, VarintBytes(keyLength));
        Assert.Equal(RecordReadError.MalformedRecord, ReadAll(rewritten));
    }

    [Fact]
    public void Key_length_past_its_record_is_malformed()
    {
        var batch = Build(CompressionType.None, ("k", "v"), ("k2", "v2"));
        batch[RecordBatchHeader.Size + 4] = (byte)Varint.ZigZag(20);
        Assert.Equal(RecordReadError.MalformedRecord, ReadAll(batch));
    }

    [Fact]
    public void Varint_longer_than_five_bytes_is_malformed()
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        var rewritten = Splice(batch, RecordBatchHeader.Size, 1, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]);
        Assert.Equal(RecordReadError.MalformedRecord, ReadAll(rewritten));
    }

    [Fact]
    public void Negative_record_length_is_malformed()
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        batch[RecordBatchHeader.Size] = (byte)Varint.ZigZag(-1);
        Assert.Equal(RecordReadError.MalformedRecord, ReadAll(batch));
    }

    [Fact]
    public void Record_length_longer_than_its_fields_is_malformed()
    {
        // The record claims one byte more than its fields take; the extra byte is there, so only the
        // disagreement between length and fields gives it away (Kafka's DefaultRecord.readFrom checks the same).
        var batch = Build(CompressionType.None, ("k", "v"));
        var length = batch[RecordBatchHeader.Size] / 2;
        var rewritten = Splice(batch, RecordBatchHeader.Size, 1, VarintBytes(length + 1));
        rewritten = Splice(rewritten, rewritten.Length, 0, [0]);
        Assert.Equal(RecordReadError.MalformedRecord, ReadAll(rewritten));
    }

    [Fact]
    public void Null_header_key_is_malformed()
    {
        var batch = Build(CompressionType.None, ("k", "v", "h", "x"));
        // ... key "k" (2 bytes), value "v" (2 bytes), header count (1 byte), header key length.
        var headerKeyAt = RecordBatchHeader.Size + 4 + 2 + 2 + 1;
        Assert.Equal(Varint.ZigZag(1), batch[headerKeyAt]);
        batch[headerKeyAt] = (byte)Varint.ZigZag(-1);
        Assert.Equal(RecordReadError.MalformedRecord, ReadAll(batch));
    }

    [Fact]
    public void Negative_header_count_is_malformed()
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        var headerCountAt = RecordBatchHeader.Size + 4 + 2 + 2;
        batch[headerCountAt] = (byte)Varint.ZigZag(-1);
        Assert.Equal(RecordReadError.MalformedRecord, ReadAll(batch));
    }

    [Fact]
    public void Huge_header_count_is_malformed_without_work_per_claimed_header()
    {
        var batch = Build(CompressionType.None, ("k", "v"));
        var headerCountAt = RecordBatchHeader.Size + 4 + 2 + 2;
        var rewritten = Splice(batch, headerCountAt, 1, VarintBytes(int.MaxValue));
        Assert.Equal(RecordReadError.MalformedRecord, ReadAll(rewritten));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Record_count_that_disagrees_with_the_records_is_a_mismatch(int count)
    {
        var batch = Build(CompressionType.None, ("a", "1"), ("b", "2"));
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.RecordCountOffset), count);
        Assert.Equal(RecordReadError.RecordCountMismatch, ReadAll(batch));
    }

    [Fact]
    public void Record_count_mismatch_inside_compressed_records_is_found()
    {
        var batch = Build(CompressionType.Zstd, ("a", "1"), ("b", "2"));
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(RecordBatchHeader.RecordCountOffset), 1);
        Assert.Equal(RecordReadError.RecordCountMismatch, ReadAll(batch));
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public void Corrupted_compressed_records_are_reported(CompressionType codec)
    {
        var batch = Build(codec, ("key", "value"), ("key", "value"));
        // Overwrite the codec's magic / header at the start of the compressed records.
        batch.AsSpan(RecordBatchHeader.Size, 4).Fill(0x5A);
        Assert.Equal(RecordReadError.CorruptCompression, ReadAll(batch));
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public void Truncated_compressed_records_are_reported(CompressionType codec)
    {
        var batch = Build(codec, ("key", new string('v', 5000)));
        var cut = batch.AsSpan(0, RecordBatchHeader.Size + (batch.Length - RecordBatchHeader.Size) / 2).ToArray();
        BinaryPrimitives.WriteInt32BigEndian(cut.AsSpan(RecordBatchHeader.BatchLengthOffset), cut.Length - RecordBatchHeader.LogOverhead);
        Assert.Equal(RecordReadError.CorruptCompression, ReadAll(cut));
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Zstd)]
    public void Decompression_bomb_stops_at_the_limit_without_allocating_the_bomb(CompressionType codec)
    {
        const int limit = 1024 * 1024;
        var bombSize = 32 * 1024 * 1024;
        using var builder = new RecordBatchBuilder(new RecordBatchOptions { Compression = codec });
        builder.Append(Time, null, new byte[bombSize]);
        var output = new ArrayBufferWriter<byte>();
        builder.WriteTo(output);
        var batch = output.WrittenSpan.ToArray();
        Assert.True(batch.Length < bombSize / 10, "the bomb compresses well");

        using var reader = new RecordBatchReader(maxDecompressedSize: limit);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = reader.Open(batch);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(RecordReadError.DecompressedTooLarge, error);
        Assert.False(reader.TryReadNext(out _));
        Assert.True(allocated < 4 * limit, "allocated " + allocated + " bytes");
    }

    [Fact]
    public void Records_decompressing_to_exactly_the_limit_are_read()
    {
        var batch = Build(CompressionType.Lz4, ("key", new string('x', 10_000)));
        var records = Build(CompressionType.None, ("key", new string('x', 10_000)));
        var size = records.Length - RecordBatchHeader.Size;

        using var reader = new RecordBatchReader(maxDecompressedSize: size);
        Assert.Equal(RecordReadError.None, reader.Open(batch));
        using var tooSmall = new RecordBatchReader(maxDecompressedSize: size - 1);
        Assert.Equal(RecordReadError.DecompressedTooLarge, tooSmall.Open(batch));
    }

    [Fact]
    public void Log_append_time_batches_give_every_record_the_max_timestamp()
    {
        using var builder = new RecordBatchBuilder(new RecordBatchOptions { LogAppendTime = Time + 999 });
        builder.Append(Time, null, "a"u8.ToArray());
        builder.Append(Time + 5, null, "b"u8.ToArray());
        var batch = Write(builder);

        using var reader = new RecordBatchReader();
        Assert.Equal(RecordReadError.None, reader.Open(batch));
        Assert.Equal(TimestampType.LogAppendTime, reader.Header.TimestampType);
        while (reader.TryReadNext(out var record))
        {
            Assert.Equal(Time + 999, record.Timestamp);
        }

        Assert.Equal(2, reader.RecordsRead);
    }

    [Fact]
    public void Reading_a_batch_again_allocates_nothing()
    {
        var batch = BatchFixtures.Get("none-many").Bytes;
        using var reader = new RecordBatchReader();
        var first = CountAll(reader, batch);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = CountAll(reader, batch);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(first > 0);
        Assert.Equal(first, again);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Opening_another_batch_clears_the_previous_error()
    {
        var bad = Build(CompressionType.None, ("k", "v"));
        bad[RecordBatchHeader.MagicOffset] = 0;
        using var reader = new RecordBatchReader();
        Assert.Equal(RecordReadError.UnsupportedMagic, reader.Open(bad));
        Assert.Equal(RecordReadError.None, reader.Open(Build(CompressionType.Snappy, ("k", "v"))));
        Assert.True(reader.TryReadNext(out var record));
        Assert.Equal("v"u8.ToArray(), record.Value.ToArray());
    }

    /// <summary>Reads every record and header; -1 on any error. No assertions inside: they allocate.</summary>
    private static int CountAll(RecordBatchReader reader, byte[] batch)
    {
        if (reader.Open(batch) != RecordReadError.None)
        {
            return -1;
        }

        var total = 0;
        while (reader.TryReadNext(out var record))
        {
            total += record.Key.Length + record.Value.Length;
            foreach (var header in record.Headers)
            {
                total += header.Key.Length + header.Value.Length;
            }
        }

        return reader.Error == RecordReadError.None ? total : -1;
    }

    /// <summary>Builds a batch of records given as (key, value) or (key, value, header key, header value).</summary>
    private static byte[] Build(CompressionType codec, params (string Key, string Value)[] records)
    {
        using var builder = new RecordBatchBuilder(new RecordBatchOptions { Compression = codec });
        foreach (var (key, value) in records)
        {
            builder.Append(Time, System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(value));
        }

        return Write(builder);
    }

    private static byte[] Build(CompressionType codec, (string Key, string Value, string HeaderKey, string HeaderValue) record)
    {
        using var builder = new RecordBatchBuilder(new RecordBatchOptions { Compression = codec });
        builder.Append(
            Time,
            System.Text.Encoding.UTF8.GetBytes(record.Key),
            System.Text.Encoding.UTF8.GetBytes(record.Value),
            [new RecordHeader(record.HeaderKey, System.Text.Encoding.UTF8.GetBytes(record.HeaderValue))]);
        return Write(builder);
    }

    private static byte[] Write(RecordBatchBuilder builder)
    {
        var output = new ArrayBufferWriter<byte>();
        builder.WriteTo(output);
        return output.WrittenSpan.ToArray();
    }

    private static RecordReadError Read(byte[] batch)
    {
        using var reader = new RecordBatchReader();
        return reader.Open(batch);
    }

    /// <summary>Opens and reads every record; the first error met, or None.</summary>
    private static RecordReadError ReadAll(byte[] batch)
    {
        using var reader = new RecordBatchReader();
        if (reader.Open(batch) is var error and not RecordReadError.None)
        {
            return error;
        }

        while (reader.TryReadNext(out _))
        {
        }

        return reader.Error;
    }

    private static byte[] VarintBytes(int value)
    {
        var bytes = new byte[Varint.MaxLength32];
        return bytes.AsSpan(0, Varint.WriteSigned32(bytes, value)).ToArray();
    }

    /// <summary>Replaces <paramref name="count"/> bytes at <paramref name="at"/> and fixes the batch length.</summary>
    private static byte[] Splice(byte[] batch, int at, int count, byte[] replacement)
    {
        var result = batch[..at].Concat(replacement).Concat(batch[(at + count)..]).ToArray();
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(RecordBatchHeader.BatchLengthOffset), result.Length - RecordBatchHeader.LogOverhead);
        return result;
    }
}
