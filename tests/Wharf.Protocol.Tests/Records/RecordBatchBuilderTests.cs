using System.Buffers;
using System.Buffers.Binary;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Tests.Records;

public sealed class RecordBatchBuilderTests
{
    private const long Time = 1_700_000_000_000;

    [Fact]
    public void Header_fields_come_from_the_options_and_the_records()
    {
        var options = new RecordBatchOptions
        {
            BaseOffset = 1000,
            PartitionLeaderEpoch = 7,
            Compression = CompressionType.Gzip,
            ProducerId = 55,
            ProducerEpoch = 2,
            BaseSequence = 300,
            IsTransactional = true,
        };
        using var builder = new RecordBatchBuilder(options);
        builder.Append(Time + 10, "a"u8.ToArray(), "1"u8.ToArray());
        builder.Append(1005, Time, "b"u8.ToArray(), "2"u8.ToArray());
        builder.Append(Time + 30, null, null);
        var batch = Write(builder);

        Assert.Equal(BatchValidationError.None, RecordBatch.Validate(batch));
        var header = new RecordBatchHeader(batch);
        Assert.Equal(1000, header.BaseOffset);
        Assert.Equal(batch.Length, header.TotalSize);
        Assert.Equal(7, header.PartitionLeaderEpoch);
        Assert.Equal(CompressionType.Gzip, header.Compression);
        Assert.True(header.IsTransactional);
        Assert.False(header.IsControl);
        Assert.Equal(TimestampType.CreateTime, header.TimestampType);
        Assert.Equal(6, header.LastOffsetDelta);
        Assert.Equal(1007, header.NextOffset);
        Assert.Equal(Time + 10, header.BaseTimestamp);
        Assert.Equal(Time + 30, header.MaxTimestamp);
        Assert.Equal(55, header.ProducerId);
        Assert.Equal(2, header.ProducerEpoch);
        Assert.Equal(300, header.BaseSequence);
        Assert.Equal(3, header.RecordCount);
    }

    [Fact]
    public void Offsets_without_a_gap_follow_the_last_record()
    {
        using var builder = new RecordBatchBuilder(new RecordBatchOptions { BaseOffset = 10 });
        Assert.Equal(10, builder.NextOffset);
        builder.Append(Time, null, "a"u8.ToArray());
        builder.Append(14, Time, null, "b"u8.ToArray());
        Assert.Equal(15, builder.NextOffset);
        builder.Append(Time, null, "c"u8.ToArray());

        using var reader = new RecordBatchReader();
        Assert.Equal(RecordReadError.None, reader.Open(Write(builder)));
        var offsets = new List<long>();
        while (reader.TryReadNext(out var record))
        {
            offsets.Add(record.Offset);
        }

        Assert.Equal([10L, 14L, 15L], offsets);
    }

    [Fact]
    public void Offsets_that_do_not_grow_are_refused()
    {
        using var builder = new RecordBatchBuilder(new RecordBatchOptions { BaseOffset = 10 });
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Append(9, Time, null, null));
        builder.Append(12, Time, null, null);
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Append(12, Time, null, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Append(10L + int.MaxValue + 1, Time, null, null));
    }

    [Fact]
    public void Null_byte_arrays_are_written_as_null_not_as_empty()
    {
        // ReadOnlyMemory<byte>? would have turned these into empty, non-null keys and values.
        byte[]? missing = null;
        using var builder = new RecordBatchBuilder();
        builder.Append(Time, missing, missing, [new RecordHeader("h", missing)]);
        builder.Append(Time, Array.Empty<byte>(), ReadOnlyMemory<byte>.Empty, [new RecordHeader("h", ReadOnlyMemory<byte>.Empty)]);

        using var reader = new RecordBatchReader();
        Assert.Equal(RecordReadError.None, reader.Open(Write(builder)));
        Assert.True(reader.TryReadNext(out var nulls));
        Assert.False(nulls.HasKey);
        Assert.False(nulls.HasValue);
        foreach (var header in nulls.Headers)
        {
            Assert.False(header.HasValue);
        }

        Assert.True(reader.TryReadNext(out var empties));
        Assert.True(empties.HasKey);
        Assert.True(empties.HasValue);
        Assert.True(empties.Key.IsEmpty && empties.Value.IsEmpty);
        foreach (var header in empties.Headers)
        {
            Assert.True(header.HasValue);
        }
    }

    [Fact]
    public void A_batch_without_records_is_refused()
    {
        using var builder = new RecordBatchBuilder();
        Assert.Throws<InvalidOperationException>(() => builder.WriteTo(new ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void Delete_horizon_takes_the_base_timestamp_and_keeps_record_timestamps_exact()
    {
        using var builder = new RecordBatchBuilder(new RecordBatchOptions { DeleteHorizon = Time + 86_400_000 });
        builder.Append(Time, "k"u8.ToArray(), null);
        builder.Append(Time + 3, "k2"u8.ToArray(), "v"u8.ToArray());
        var batch = Write(builder);

        var header = new RecordBatchHeader(batch);
        Assert.True(header.HasDeleteHorizon);
        Assert.Equal(Time + 86_400_000, header.BaseTimestamp);
        Assert.Equal(Time + 3, header.MaxTimestamp);
        using var reader = new RecordBatchReader();
        Assert.Equal(RecordReadError.None, reader.Open(batch));
        Assert.True(reader.TryReadNext(out var first));
        Assert.Equal(Time, first.Timestamp);
        Assert.False(first.HasValue);
        Assert.True(reader.TryReadNext(out var second));
        Assert.Equal(Time + 3, second.Timestamp);
    }

    [Fact]
    public void Control_batch_for_a_commit_marker_reads_back_as_one()
    {
        var options = new RecordBatchOptions { ProducerId = 9, ProducerEpoch = 1, IsTransactional = true, IsControl = true };
        using var builder = new RecordBatchBuilder(options);
        builder.Append(Time, ControlRecord.CreateKey(ControlRecordType.Commit), ControlRecord.CreateEndTransactionMarker(4));
        var batch = Write(builder);

        using var reader = new RecordBatchReader();
        Assert.Equal(RecordReadError.None, reader.Open(batch));
        Assert.True(reader.Header.IsControl);
        Assert.True(reader.Header.IsTransactional);
        Assert.True(reader.TryReadNext(out var marker));
        Assert.True(ControlRecord.TryReadKey(marker.Key.Span, out var type));
        Assert.Equal(ControlRecordType.Commit, type);
        Assert.True(ControlRecord.TryReadEndTransactionMarker(marker.Value.Span, out var epoch));
        Assert.Equal(4, epoch);
    }

    [Fact]
    public void Control_keys_that_are_short_or_have_a_negative_version_are_refused()
    {
        Assert.False(ControlRecord.TryReadKey([0, 0, 0], out _));
        Assert.False(ControlRecord.TryReadKey([0xFF, 0xFF, 0, 1], out _));
        Assert.True(ControlRecord.TryReadKey([0, 1, 0, 1, 99], out var later));
        Assert.Equal(ControlRecordType.Commit, later);
        Assert.False(ControlRecord.TryReadEndTransactionMarker([0, 0, 0, 0, 0], out _));
        Assert.False(ControlRecord.TryReadEndTransactionMarker([0x80, 0, 0, 0, 0, 1], out _));
    }

    [Fact]
    public void Reset_starts_a_new_batch_with_new_options()
    {
        using var builder = new RecordBatchBuilder(new RecordBatchOptions { BaseOffset = 5 });
        builder.Append(Time, null, "first"u8.ToArray());
        Write(builder);

        builder.Reset(new RecordBatchOptions { BaseOffset = 100, Compression = CompressionType.Snappy });
        Assert.Equal(0, builder.Count);
        builder.Append(Time, null, "second"u8.ToArray());
        var batch = Write(builder);

        var header = new RecordBatchHeader(batch);
        Assert.Equal(100, header.BaseOffset);
        Assert.Equal(1, header.RecordCount);
        Assert.Equal(CompressionType.Snappy, header.Compression);
    }

    [Fact]
    public void Writing_twice_gives_the_same_batch()
    {
        using var builder = new RecordBatchBuilder(new RecordBatchOptions { Compression = CompressionType.Zstd });
        builder.Append(Time, "k"u8.ToArray(), "v"u8.ToArray(), [new RecordHeader("h", null)]);
        Assert.Equal(Write(builder), Write(builder));
    }

    [Fact]
    public void Uncompressed_size_counts_the_header_and_the_encoded_records()
    {
        using var builder = new RecordBatchBuilder();
        Assert.Equal(RecordBatchHeader.Size, builder.UncompressedSize);
        builder.Append(Time, "k"u8.ToArray(), "v"u8.ToArray());
        var batch = Write(builder);
        Assert.Equal(batch.Length, builder.UncompressedSize);
        Assert.Equal(batch.Length - RecordBatchHeader.LogOverhead, BinaryPrimitives.ReadInt32BigEndian(batch.AsSpan(RecordBatchHeader.BatchLengthOffset)));
    }

    private static byte[] Write(RecordBatchBuilder builder)
    {
        var output = new ArrayBufferWriter<byte>();
        var written = builder.WriteTo(output);
        Assert.Equal(output.WrittenCount, written);
        return output.WrittenSpan.ToArray();
    }
}
