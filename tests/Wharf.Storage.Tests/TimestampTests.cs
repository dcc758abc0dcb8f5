using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class TimestampTests
{
    [Fact]
    public async Task Find_offset_by_timestamp_returns_the_first_batch_at_or_after_the_target()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.bytes"] = "400", ["index.interval.bytes"] = "0" });
        for (var i = 0; i < 30; i++)
        {
            log.AppendOk(TestBatch.Create(records: 1, timestamp: 1_000 + (i * 100)));
        }

        Assert.True(dir.SegmentFiles().Length > 3);
        Assert.Equal((0L, 1_000L), log.FindOffsetByTimestamp(0));
        Assert.Equal((0L, 1_000L), log.FindOffsetByTimestamp(1_000));
        Assert.Equal((13L, 2_300L), log.FindOffsetByTimestamp(2_250));
        Assert.Equal((13L, 2_300L), log.FindOffsetByTimestamp(2_300));
        Assert.Equal((29L, 3_900L), log.FindOffsetByTimestamp(3_900));
        Assert.Null(log.FindOffsetByTimestamp(3_901));
    }

    [Fact]
    public async Task Find_offset_by_timestamp_copes_with_timestamps_that_go_back_in_time()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["index.interval.bytes"] = "0" });
        foreach (var timestamp in new long[] { 5_000, 1_000, 2_000, 6_000, 3_000 })
        {
            log.AppendOk(TestBatch.Create(records: 1, timestamp: timestamp));
        }

        Assert.Equal((0L, 5_000L), log.FindOffsetByTimestamp(2_500));
        Assert.Equal((3L, 6_000L), log.FindOffsetByTimestamp(5_500));
    }

    [Fact]
    public async Task Find_offset_by_timestamp_never_answers_below_the_log_start()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 4, timestamp: 1_000));
        log.DeleteRecordsBefore(2);

        Assert.Equal((2L, 1_000L), log.FindOffsetByTimestamp(0));
    }

    [Fact]
    public async Task Timestamp_lookups_answer_with_the_exact_record_inside_a_batch()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 2, timestamp: 500));
        log.AppendOk(TestBatch.Create([new("a", "1", 0), new("b", "2", 50), new("c", "3", 100), new("d", "4", 20)], timestamp: 1_000));

        Assert.Equal((3L, 1_050L), log.FindOffsetByTimestamp(1_040));
        Assert.Equal((4L, 1_100L), log.FindOffsetByTimestamp(1_051));
        Assert.Equal((4L, 1_100L), log.MaxTimestamp);
    }

    [Fact]
    public async Task Max_timestamp_is_the_largest_timestamp_and_its_record()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        Assert.Equal((-1L, -1L), log.MaxTimestamp);

        log.AppendOk(TestBatch.Create(records: 2, timestamp: 1_000));
        log.AppendOk(TestBatch.Create(records: 2, timestamp: 9_000));
        log.AppendOk(TestBatch.Create(records: 2, timestamp: 5_000));

        Assert.Equal((2L, 9_000L), log.MaxTimestamp);
    }
}
