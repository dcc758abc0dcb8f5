using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class SegmentRollTests
{
    [Fact]
    public async Task The_active_segment_rolls_before_an_append_would_exceed_segment_bytes()
    {
        await using var dir = TestLogDirectory.Create();
        var batchSize = TestBatch.Create().Length;
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.bytes"] = (3 * batchSize).ToString(System.Globalization.CultureInfo.InvariantCulture) });

        for (var i = 0; i < 7; i++)
        {
            log.AppendOk(TestBatch.Create());
        }

        var segments = dir.SegmentFiles();
        Assert.Equal(["00000000000000000000.log", "00000000000000000003.log", "00000000000000000006.log"], segments.Select(Path.GetFileName));
        Assert.All(segments[..2], s => Assert.Equal(3 * batchSize, new FileInfo(s).Length));
        Assert.Equal(7, log.ReadAll().Count);
    }

    [Fact]
    public async Task A_batch_later_than_segment_ms_after_the_first_rolls_the_segment()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.ms"] = "60000" });
        var start = dir.NowMs;

        log.AppendOk(TestBatch.Create(timestamp: start));
        log.AppendOk(TestBatch.Create(timestamp: start + 60_000));
        Assert.Single(dir.SegmentFiles());

        dir.Time.Advance(TimeSpan.FromMinutes(2));
        log.AppendOk(TestBatch.Create(timestamp: start + 120_000));

        Assert.Equal(2, dir.SegmentFiles().Length);
        Assert.Equal(2, log.ReadAll()[^1].BaseOffset);
    }

    [Fact]
    public async Task An_idle_segment_older_than_segment_ms_is_rolled_by_the_background_pass()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.ms"] = "60000" });
        log.AppendOk(TestBatch.Create(timestamp: dir.NowMs));

        dir.Manager.RunRetentionPass();
        Assert.Single(dir.SegmentFiles());

        dir.Time.Advance(TimeSpan.FromMinutes(2));
        dir.Manager.RunRetentionPass();

        Assert.Equal(["00000000000000000000.log", "00000000000000000001.log"], dir.SegmentFiles().Select(Path.GetFileName));
        Assert.Equal(1, log.AppendOk(TestBatch.Create(timestamp: dir.NowMs)).BaseOffset);
    }

    [Fact]
    public async Task A_full_offset_index_rolls_the_segment()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.index.bytes"] = "24", ["index.interval.bytes"] = "0" });

        for (var i = 0; i < 10; i++)
        {
            log.AppendOk(TestBatch.Create());
        }

        Assert.True(dir.SegmentFiles().Length >= 2);
        Assert.All(dir.SegmentFiles(suffix: ".index"), index => Assert.True(new FileInfo(index).Length <= 24));
        Assert.Equal(10, log.ReadAll().Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Inactive_segments_keep_one_open_file_each(bool afterRestart)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "counts open files through /proc");
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.bytes"] = "300" });
        for (var i = 0; i < 12; i++)
        {
            log.AppendOk(TestBatch.Create());
        }

        if (afterRestart)
        {
            await dir.ReopenAsync();
        }

        var partition = dir.PartitionDirectory();
        var open = Directory.GetFiles("/proc/self/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Count(target => target is not null && target.StartsWith(partition + "/", StringComparison.Ordinal));
        Assert.Equal(dir.SegmentFiles().Length + 2, open);
    }

    [Fact]
    public async Task A_rolled_segment_keeps_its_largest_timestamp_across_restart()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.bytes"] = "500" });
        for (var i = 0; i < 20; i++)
        {
            log.AppendOk(TestBatch.Create(timestamp: 10_000 + (i * 10)));
        }

        var before = log.MaxTimestamp;
        await dir.ReopenAsync();

        Assert.Equal((19L, 10_190L), before);
        Assert.Equal(before, dir.Partition().MaxTimestamp);
    }
}
