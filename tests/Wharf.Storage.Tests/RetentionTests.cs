using Wharf.Protocol;
using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class RetentionTests
{
    private static Dictionary<string, string?> Configs(params (string Key, string Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => (string?)e.Value);

    [Fact]
    public async Task Segments_older_than_retention_ms_are_deleted_and_the_log_start_moves()
    {
        await using var dir = TestLogDirectory.Create();
        var batchSize = TestBatch.Create().Length;
        var log = dir.CreatePartition(configs: Configs(("segment.bytes", (2 * batchSize).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("retention.ms", "3600000")));
        var now = dir.NowMs;
        for (var i = 0; i < 6; i++)
        {
            // Two batches per segment: two old segments, one recent.
            log.AppendOk(TestBatch.Create(timestamp: i < 4 ? now - 7_200_000 : now));
        }

        dir.Manager.RunRetentionPass();

        Assert.Equal(4, log.LogStartOffset);
        Assert.Equal(["00000000000000000004.log"], dir.SegmentFiles().Select(Path.GetFileName));
        using var read = log.Read(0, 1 << 20, true, log.HighWatermark);
        Assert.Equal(ErrorCode.OffsetOutOfRange, read.Error);
        Assert.Equal([4L, 5L], log.ReadAll().Select(h => h.BaseOffset));
        Assert.Contains(dir.Logs.Entries, e => e.Message.Contains("retention.ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expired_active_segment_is_rolled_then_deleted()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: Configs(("retention.ms", "1000")));
        log.AppendOk(TestBatch.Create(timestamp: dir.NowMs));
        log.AppendOk(TestBatch.Create(timestamp: dir.NowMs));

        dir.Time.Advance(TimeSpan.FromSeconds(5));
        dir.Manager.RunRetentionPass();

        Assert.Equal(2, log.LogStartOffset);
        Assert.Equal(2, log.LogEndOffset);
        Assert.Equal(["00000000000000000002.log"], dir.SegmentFiles().Select(Path.GetFileName));
        Assert.Equal(2, log.AppendOk(TestBatch.Create()).BaseOffset);
    }

    [Fact]
    public async Task Retention_ms_of_minus_one_keeps_everything()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: Configs(("retention.ms", "-1"), ("segment.bytes", "200")));
        for (var i = 0; i < 5; i++)
        {
            log.AppendOk(TestBatch.Create(timestamp: 1));
        }

        dir.Manager.RunRetentionPass();

        Assert.Equal(0, log.LogStartOffset);
        Assert.Equal(5, log.ReadAll().Count);
    }

    [Fact]
    public async Task The_oldest_segments_go_while_the_log_exceeds_retention_bytes_but_never_the_active_one()
    {
        await using var dir = TestLogDirectory.Create();
        var batchSize = TestBatch.Create().Length;
        var log = dir.CreatePartition(configs: Configs(
            ("segment.bytes", (2 * batchSize).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("retention.bytes", (3 * batchSize).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        for (var i = 0; i < 9; i++)
        {
            log.AppendOk(TestBatch.Create(timestamp: dir.NowMs));
        }

        dir.Manager.RunRetentionPass();

        // 9 batches in segments of 2, 2, 2, 2, 1: deleting whole segments until at most 3 batches' worth is left.
        Assert.Equal(6, log.LogStartOffset);
        Assert.Equal(3 * batchSize, log.Size);

        Assert.Equal(["00000000000000000006.log", "00000000000000000008.log"], dir.SegmentFiles().Select(Path.GetFileName));
    }

    [Fact]
    public async Task Compact_only_topics_are_not_subject_to_time_or_size_retention()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: Configs(("cleanup.policy", "compact"), ("retention.ms", "1"), ("retention.bytes", "1"), ("segment.bytes", "200")));
        for (var i = 0; i < 4; i++)
        {
            log.AppendOk(TestBatch.Create(timestamp: 1));
        }

        dir.Manager.RunRetentionPass();

        Assert.Equal(0, log.LogStartOffset);
    }

    [Fact]
    public async Task Delete_records_moves_the_log_start_and_deletes_whole_segments_below_it()
    {
        await using var dir = TestLogDirectory.Create();
        var batchSize = TestBatch.Create(records: 2).Length;
        var log = dir.CreatePartition(configs: Configs(("segment.bytes", (2 * batchSize).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        for (var i = 0; i < 5; i++)
        {
            log.AppendOk(TestBatch.Create(records: 2));
        }

        Assert.Equal(ErrorCode.None, log.DeleteRecordsBefore(5));

        Assert.Equal(5, log.LogStartOffset);
        Assert.Equal(["00000000000000000004.log", "00000000000000000008.log"], dir.SegmentFiles().Select(Path.GetFileName));
        using (var below = log.Read(4, 1 << 20, true, log.HighWatermark))
        {
            Assert.Equal(ErrorCode.OffsetOutOfRange, below.Error);
        }

        using (var at = log.Read(5, 1 << 20, true, log.HighWatermark))
        {
            Assert.Equal(4, TestBatch.Headers(at.Records.Span)[0].BaseOffset);
        }

        await dir.ReopenAsync();
        Assert.Equal(5, dir.Partition().LogStartOffset);
    }

    [Fact]
    public async Task Delete_records_past_the_high_watermark_is_offset_out_of_range_and_minus_one_means_the_high_watermark()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 3));

        Assert.Equal(ErrorCode.OffsetOutOfRange, log.DeleteRecordsBefore(4));
        Assert.Equal(0, log.LogStartOffset);
        Assert.Equal(ErrorCode.None, log.DeleteRecordsBefore(1));
        Assert.Equal(ErrorCode.None, log.DeleteRecordsBefore(0));
        Assert.Equal(1, log.LogStartOffset);
        Assert.Equal(ErrorCode.None, log.DeleteRecordsBefore(-1));
        Assert.Equal(3, log.LogStartOffset);
    }
}
