using Wharf.Protocol.Records;
using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class RecoveryTests
{
    [Fact]
    public async Task A_clean_restart_keeps_every_batch_and_the_offsets()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.bytes"] = "2000" });
        var written = Enumerable.Range(0, 40).Select(_ => TestBatch.Create(records: 3)).ToList();
        foreach (var batch in written)
        {
            log.AppendOk(batch);
        }

        await dir.ReopenAsync();
        log = dir.Partition();

        Assert.Equal(120, log.LogEndOffset);
        Assert.True(dir.SegmentFiles().Length > 1);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => 3L * i), log.ReadAll().Select(h => h.BaseOffset));
        Assert.Equal(120, log.AppendOk(TestBatch.Create()).BaseOffset);
    }

    [Fact]
    public async Task An_unclean_restart_keeps_every_acknowledged_batch()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        for (var i = 0; i < 10; i++)
        {
            log.AppendOk(TestBatch.Create(records: 2));
        }

        await dir.CrashAndReopenAsync();

        log = dir.Partition();
        Assert.Equal(20, log.LogEndOffset);
        Assert.Equal(10, log.ReadAll().Count);
        Assert.Empty(dir.Warnings);
    }

    public static TheoryData<string> TornTails() => ["garbage", "cut-mid-batch", "cut-mid-header", "flipped-crc-byte"];

    [Theory]
    [MemberData(nameof(TornTails))]
    public async Task A_torn_tail_is_cut_at_the_last_whole_batch_and_appends_continue_from_there(string damage)
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        for (var i = 0; i < 5; i++)
        {
            log.AppendOk(TestBatch.Create(records: 2));
        }

        var batchSize = TestBatch.Create(records: 2).Length;
        var segment = dir.SegmentFiles()[0];
        await dir.CrashAndReopenAsync(() =>
        {
            var bytes = File.ReadAllBytes(segment);
            byte[] damaged = damage switch
            {
                "garbage" => [.. bytes, .. new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 }],
                "cut-mid-batch" => bytes[..^(batchSize / 2)],
                "cut-mid-header" => bytes[..^(batchSize - 20)],
                "flipped-crc-byte" => Flip(bytes, bytes.Length - 3),
                _ => throw new ArgumentOutOfRangeException(nameof(damage)),
            };
            File.WriteAllBytes(segment, damaged);
        });

        log = dir.Partition();
        var expectedEnd = damage == "garbage" ? 10 : 8;
        Assert.Equal(expectedEnd, log.LogEndOffset);
        Assert.Equal(expectedEnd / 2 * batchSize, new FileInfo(segment).Length);
        Assert.Contains(dir.Warnings, w => w.Contains("cut", StringComparison.Ordinal) && w.Contains("last whole batch", StringComparison.Ordinal));
        Assert.Equal(expectedEnd, log.AppendOk(TestBatch.Create(records: 2)).BaseOffset);
        Assert.Equal(Enumerable.Range(0, (expectedEnd / 2) + 1).Select(i => 2L * i), log.ReadAll().Select(h => h.BaseOffset));
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        bytes[at] ^= 0x40;
        return bytes;
    }

    [Theory]
    [InlineData("wrong-position")]
    [InlineData("partial-entry")]
    public async Task A_corrupt_index_is_rebuilt_from_the_log(string damage)
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["index.interval.bytes"] = "0", ["segment.bytes"] = "3000" });
        for (var i = 0; i < 60; i++)
        {
            log.AppendOk(TestBatch.Create(records: 1));
        }

        var firstIndex = dir.SegmentFiles(suffix: ".index")[0];
        var goodIndex = File.ReadAllBytes(firstIndex);
        Assert.True(goodIndex.Length > 16);
        await dir.CrashAndReopenAsync(() =>
        {
            var broken = (byte[])goodIndex.Clone();
            if (damage == "wrong-position")
            {
                broken[^1] ^= 0x08; // the last entry's position now points into the middle of a batch
            }

            File.WriteAllBytes(firstIndex, damage == "partial-entry" ? [.. broken, 1, 2, 3] : broken);
        });

        log = dir.Partition();
        Assert.Contains(dir.Warnings, w => w.Contains("rebuilt", StringComparison.Ordinal));
        Assert.Equal(goodIndex, File.ReadAllBytes(firstIndex));
        for (long offset = 0; offset < 60; offset++)
        {
            using var read = log.Read(offset, 1, minOneBatch: true, log.HighWatermark);
            Assert.Equal(offset, Assert.Single(TestBatch.Headers(read.Records.Span)).BaseOffset);
        }
    }

    [Fact]
    public async Task A_missing_time_index_is_rebuilt_so_retention_still_sees_the_newest_timestamp()
    {
        await using var dir = TestLogDirectory.Create();
        var tenBatches = (10 * TestBatch.Create(records: 1).Length).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["index.interval.bytes"] = "0", ["segment.bytes"] = tenBatches, ["retention.ms"] = "3600000" });
        var now = dir.NowMs;
        for (var i = 0; i < 25; i++)
        {
            // The newest timestamps sit early in each segment, where only the time index remembers them.
            log.AppendOk(TestBatch.Create(records: 1, timestamp: i % 10 < 3 ? now : now - 7_200_000));
        }

        var segments = dir.SegmentFiles().Length;
        await dir.ReopenAsync();
        await dir.CrashAndReopenAsync(() =>
        {
            foreach (var timeIndex in dir.SegmentFiles(suffix: ".timeindex"))
            {
                File.Delete(timeIndex);
            }
        });
        dir.Manager.RunRetentionPass();

        Assert.Equal(segments, dir.SegmentFiles().Length);
        Assert.Equal(0, dir.Partition().LogStartOffset);
    }

    [Fact]
    public async Task A_missing_index_is_rebuilt_from_the_log()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["index.interval.bytes"] = "0" });
        for (var i = 0; i < 20; i++)
        {
            log.AppendOk(TestBatch.Create(records: 1, timestamp: 1000 + i));
        }

        var index = dir.SegmentFiles(suffix: ".index")[0];
        var timeIndex = dir.SegmentFiles(suffix: ".timeindex")[0];
        var goodIndex = File.ReadAllBytes(index);
        await dir.ReopenAsync();
        await dir.CrashAndReopenAsync(() =>
        {
            File.Delete(index);
            File.Delete(timeIndex);
        });

        log = dir.Partition();
        Assert.Equal(goodIndex, File.ReadAllBytes(index));
        Assert.Equal((12L, 1012L), log.FindOffsetByTimestamp(1012));
    }

    [Fact]
    public async Task Segments_survive_restart_and_the_log_continues_in_the_last_one()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.bytes"] = "1000" });
        for (var i = 0; i < 30; i++)
        {
            log.AppendOk(TestBatch.Create(records: 1));
        }

        var segmentsBefore = dir.SegmentFiles();
        await dir.CrashAndReopenAsync();
        log = dir.Partition();
        log.AppendOk(TestBatch.Create(records: 1));

        Assert.Equal(segmentsBefore, dir.SegmentFiles());
        Assert.Equal(31, log.ReadAll().Count);
    }

    [Fact]
    public async Task A_leftover_temporary_file_from_an_interrupted_write_is_removed()
    {
        await using var dir = TestLogDirectory.Create();
        dir.CreatePartition();
        var leftover = Path.Combine(dir.PartitionDirectory(), "log-start-offset.tmp");

        await dir.CrashAndReopenAsync(() => File.WriteAllText(leftover, "12"));

        Assert.False(File.Exists(leftover));
        Assert.Equal(0, dir.Partition().LogStartOffset);
    }

    [Fact]
    public async Task Valid_batch_headers_read_back_after_restart_with_their_crc_intact()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 4));
        await dir.CrashAndReopenAsync();

        using var read = dir.Partition().Read(0, 1 << 20, true, long.MaxValue);
        Assert.Equal(BatchValidationError.None, RecordBatch.Validate(read.Records.Span));
    }
}
