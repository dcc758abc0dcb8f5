using System.Buffers.Binary;
using Wharf.Protocol;
using Wharf.Protocol.Records;
using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class AppendValidationTests
{
    private static byte[] Mutate(byte[] batch, Action<byte[]> change, bool fixCrc)
    {
        change(batch);
        if (fixCrc)
        {
            RecordBatch.RewriteCrc(batch);
        }

        return batch;
    }

    public static TheoryData<string, ErrorCode> BadBatches() => new()
    {
        { "crc", ErrorCode.CorruptMessage },
        { "short", ErrorCode.CorruptMessage },
        { "length-too-large", ErrorCode.CorruptMessage },
        { "two-batches", ErrorCode.InvalidRecord },
        { "magic-1", ErrorCode.InvalidRecord },
        { "base-offset", ErrorCode.InvalidRecord },
        { "count-mismatch", ErrorCode.InvalidRecord },
        { "control", ErrorCode.InvalidRecord },
        { "transactional", ErrorCode.InvalidRecord },
        { "negative-sequence", ErrorCode.InvalidRecord },
        { "log-append-time", ErrorCode.InvalidTimestamp },
        { "compression-7", ErrorCode.CorruptMessage },
    };

    private static byte[] Bad(string kind)
    {
        var batch = TestBatch.Create(records: 2);
        return kind switch
        {
            "crc" => Mutate(batch, b => b[^1] ^= 0xFF, fixCrc: false),
            "short" => batch[..40],
            "length-too-large" => Mutate(batch, b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(8), b.Length), fixCrc: false),
            "two-batches" => [.. batch, .. TestBatch.Create()],
            "magic-1" => Mutate(batch, b => b[RecordBatchHeader.MagicOffset] = 1, fixCrc: false),
            "base-offset" => Mutate(batch, b => BinaryPrimitives.WriteInt64BigEndian(b, 42), fixCrc: false),
            "count-mismatch" => Mutate(batch, b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(RecordBatchHeader.RecordCountOffset), 3), fixCrc: true),
            "control" => Mutate(batch, b => b[RecordBatchHeader.AttributesOffset + 1] |= 0x20, fixCrc: true),
            "transactional" => TestBatch.Create([new("k", "v")], producerId: 1, producerEpoch: 0, baseSequence: 0, attributes: 0x10),
            "negative-sequence" => TestBatch.Create([new("k", "v")], producerId: 1, producerEpoch: 0, baseSequence: -1),
            "log-append-time" => Mutate(batch, b => b[RecordBatchHeader.AttributesOffset + 1] |= 0x08, fixCrc: true),
            "compression-7" => Mutate(batch, b => b[RecordBatchHeader.AttributesOffset + 1] |= 0x07, fixCrc: true),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task A_bad_batch_is_rejected_with_kafkas_error_and_nothing_is_written(string kind, ErrorCode expected)
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        var good = TestBatch.Create(records: 3);
        log.AppendOk(good);
        var sizeBefore = log.Size;

        var result = log.Append(Bad(kind), 0, AppendOrigin.Client);

        Assert.Equal(expected, result.Error);
        Assert.False(string.IsNullOrEmpty(result.ErrorMessage));
        Assert.Equal(-1, result.BaseOffset);
        Assert.Equal(3, log.LogEndOffset);
        Assert.Equal(sizeBefore, log.Size);
        await dir.ReopenAsync();
        Assert.Equal(3, dir.Partition().LogEndOffset);
        Assert.Equal(new FileInfo(dir.SegmentFiles()[0]).Length, good.Length);
    }

    [Fact]
    public async Task A_batch_larger_than_max_message_bytes_is_message_too_large_and_the_limit_itself_is_accepted()
    {
        await using var dir = TestLogDirectory.Create();
        var batch = TestBatch.Create(records: 1, valueSize: 500);
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["max.message.bytes"] = batch.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var atLimit = log.Append(batch, 0, AppendOrigin.Client);
        var overLimit = log.Append(TestBatch.Create(records: 1, valueSize: 501), 0, AppendOrigin.Client);

        Assert.Equal(ErrorCode.None, atLimit.Error);
        Assert.Equal(ErrorCode.MessageTooLarge, overLimit.Error);
        Assert.Equal(1, log.LogEndOffset);
    }

    [Fact]
    public async Task The_broker_itself_may_append_control_batches_at_any_base_offset()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        var batch = Mutate(TestBatch.Create(records: 1), b =>
        {
            b[RecordBatchHeader.AttributesOffset + 1] |= 0x20;
            BinaryPrimitives.WriteInt64BigEndian(b, 99);
        }, fixCrc: true);

        var result = log.Append(batch, 0, AppendOrigin.Internal);

        Assert.Equal(ErrorCode.None, result.Error);
        Assert.Equal(0, result.BaseOffset);
    }

    [Fact]
    public async Task Timestamps_outside_the_configured_window_are_invalid_timestamp()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?>
        {
            ["message.timestamp.before.max.ms"] = "60000",
            ["message.timestamp.after.max.ms"] = "60000",
        });
        var now = dir.NowMs;

        Assert.Equal(ErrorCode.None, log.Append(TestBatch.Create(timestamp: now - 59_000), 0, AppendOrigin.Client).Error);
        Assert.Equal(ErrorCode.InvalidTimestamp, log.Append(TestBatch.Create(timestamp: now - 61_000), 0, AppendOrigin.Client).Error);
        Assert.Equal(ErrorCode.InvalidTimestamp, log.Append(TestBatch.Create(timestamp: now + 61_000), 0, AppendOrigin.Client).Error);
        Assert.Equal(1, log.LogEndOffset);
    }

    [Fact]
    public async Task A_record_outside_the_timestamp_window_is_found_inside_the_batch()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["message.timestamp.after.max.ms"] = "1000" });
        var now = dir.NowMs;

        var result = log.Append(TestBatch.Create([new("a", "1", 0), new("b", "2", 5_000), new("c", "3", 0)], timestamp: now), 0, AppendOrigin.Client);

        Assert.Equal(ErrorCode.InvalidTimestamp, result.Error);
        Assert.Contains("record 1", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compacted_topic_refuses_records_without_a_key()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["cleanup.policy"] = "compact" });

        var keyless = log.Append(TestBatch.Create([new("a", "1"), new(null, "2")]), 0, AppendOrigin.Client);
        var keyed = log.Append(TestBatch.Create([new("a", "1"), new("b", null)]), 0, AppendOrigin.Client);

        Assert.Equal(ErrorCode.InvalidRecord, keyless.Error);
        Assert.Equal(ErrorCode.None, keyed.Error);
        Assert.Equal(2, log.LogEndOffset);
    }

    [Fact]
    public async Task Records_that_cannot_be_read_are_corrupt_message_when_the_topic_needs_them_read()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["cleanup.policy"] = "compact" });
        var batch = TestBatch.Create(records: 2);
        batch[RecordBatchHeader.Size] = 0x7F; // the first record's length now runs past the batch
        RecordBatch.RewriteCrc(batch);

        Assert.Equal(ErrorCode.CorruptMessage, log.Append(batch, 0, AppendOrigin.Client).Error);
        Assert.Equal(0, log.LogEndOffset);
    }

    [Fact]
    public async Task A_log_append_time_topic_stamps_batches_with_the_broker_time_and_a_valid_crc()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["message.timestamp.type"] = "LogAppendTime" });
        var now = dir.NowMs;

        var result = log.AppendOk(TestBatch.Create(records: 2, timestamp: 5));

        Assert.Equal(now, result.LogAppendTime);
        using var read = log.Read(0, 1 << 20, minOneBatch: true, log.HighWatermark);
        var header = Assert.Single(TestBatch.Headers(read.Records.Span));
        Assert.Equal(TimestampType.LogAppendTime, header.TimestampType);
        Assert.Equal(now, header.MaxTimestamp);
        Assert.Equal(BatchValidationError.None, RecordBatch.Validate(read.Records.Span));
    }
}
