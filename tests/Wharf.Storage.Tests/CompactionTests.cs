using System.Buffers;
using System.Text;
using Wharf.Protocol.Records;
using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class CompactionTests
{
    private static Dictionary<string, string?> Compacted(params (string Key, string Value)[] more)
    {
        var configs = new Dictionary<string, string?> { ["cleanup.policy"] = "compact" };
        foreach (var (key, value) in more)
        {
            configs[key] = value;
        }

        return configs;
    }

    /// <summary>Keys a, b, c written four times each, one record a batch: offsets 0-11, value = the round.</summary>
    private static void WriteRounds(PartitionLog log, int rounds = 4, long timestamp = 1_000)
    {
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var key in new[] { "a", "b", "c" })
            {
                log.AppendOk(TestBatch.Create([new(key, round.ToString(System.Globalization.CultureInfo.InvariantCulture))], timestamp));
            }
        }
    }

    private static string ThreeBatches => (3 * TestBatch.Create([new("a", "1")]).Length).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Compaction_keeps_the_latest_record_of_each_key_at_its_offset_and_never_touches_the_active_segment()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: Compacted(("segment.bytes", ThreeBatches)));
        WriteRounds(log);
        Assert.Equal(4, dir.SegmentFiles().Length);

        dir.Manager.RunCleanerPass();

        Assert.Equal(
            [(6, "a", "3"), (7, "b", "3"), (8, "c", "3"), (9, "a", "4"), (10, "b", "4"), (11, "c", "4")],
            log.ReadRecords());
        Assert.Equal((0L, 12L), (log.LogStartOffset, log.LogEndOffset));
        Assert.Contains(dir.Logs.Entries, e => e.Message.Contains("compacted", StringComparison.Ordinal));

        await dir.ReopenAsync();
        Assert.Equal(6, dir.Partition().ReadRecords().Count);
        Assert.Equal(12, dir.Partition().AppendOk(TestBatch.Create([new("a", "5")])).BaseOffset);
    }

    [Fact]
    public async Task Small_compacted_segments_are_merged_into_one()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition("merge", Compacted(("segment.bytes", ThreeBatches)));
        WriteRounds(log);
        dir.Manager.AlterConfigs("merge", new Dictionary<string, string?> { ["segment.bytes"] = "1048576" }, incremental: true, validateOnly: false);

        dir.Manager.RunCleanerPass();

        Assert.Equal(["00000000000000000000.log", "00000000000000000009.log"], dir.SegmentFiles("merge").Select(Path.GetFileName));
        Assert.Equal([6L, 7L, 8L, 9L, 10L, 11L], log.ReadRecords().Select(r => r.Offset));
        using var read = log.Read(7, 1 << 20, true, log.HighWatermark);
        Assert.Equal(7, TestBatch.Headers(read.Records.Span)[0].BaseOffset);
    }

    [Fact]
    public async Task A_tombstone_outlives_the_value_it_deletes_by_delete_retention_ms_then_goes()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: Compacted(
            ("segment.bytes", ThreeBatches),
            ("delete.retention.ms", "60000"),
            ("min.cleanable.dirty.ratio", "0.01")));
        log.AppendOk(TestBatch.Create([new("a", "1")]));
        log.AppendOk(TestBatch.Create([new("b", "1")]));
        log.AppendOk(TestBatch.Create([new("a", null)]));
        log.AppendOk(TestBatch.Create([new("c", "1")])); // rolls: offsets 0-2 are cleanable

        dir.Manager.RunCleanerPass();

        Assert.Equal([(1, "b", "1"), (2, "a", null), (3, "c", "1")], log.ReadRecords());
        using (var read = log.Read(2, 1 << 20, true, log.HighWatermark))
        {
            Assert.True(TestBatch.Headers(read.Records.Span)[0].HasDeleteHorizon);
        }

        // Before the horizon a later pass keeps the tombstone; after it, the tombstone goes.
        log.AppendOk(TestBatch.Create([new("d", "1")]));
        log.AppendOk(TestBatch.Create([new("e", "1")]));
        log.AppendOk(TestBatch.Create([new("f", "1")]));
        dir.Manager.RunCleanerPass();
        Assert.Contains((2, "a", null), log.ReadRecords());

        dir.Time.Advance(TimeSpan.FromMinutes(2));
        log.AppendOk(TestBatch.Create([new("g", "1")]));
        log.AppendOk(TestBatch.Create([new("h", "1")]));
        log.AppendOk(TestBatch.Create([new("i", "1")]));
        dir.Manager.RunCleanerPass();
        Assert.DoesNotContain(log.ReadRecords(), r => r.Key == "a");
        Assert.Contains((1, "b", "1"), log.ReadRecords());
    }

    public static TheoryData<CompressionType> Codecs() => [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Compressed_batches_are_compacted_and_stay_compressed_with_their_codec(CompressionType codec)
    {
        await using var dir = TestLogDirectory.Create();
        byte[][] batches = [Build(codec, 0, ("a", "1"), ("b", "1"), ("c", "1")), Build(codec, 0, ("a", "2"), ("b", "2")), Build(codec, 0, ("z", "1"))];
        var firstTwo = (batches[0].Length + batches[1].Length).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var log = dir.CreatePartition(configs: Compacted(("segment.bytes", firstTwo)));
        foreach (var batch in batches)
        {
            log.AppendOk(batch);
        }

        Assert.Equal(2, dir.SegmentFiles().Length);

        dir.Manager.RunCleanerPass();

        Assert.Equal([(2, "c", "1"), (3, "a", "2"), (4, "b", "2"), (5, "z", "1")], log.ReadRecords());
        using var read = log.Read(0, 1 << 20, true, log.HighWatermark);
        Assert.All(TestBatch.Headers(read.Records.Span), h => Assert.Equal(codec, h.Compression));
    }

    private static byte[] Build(CompressionType codec, long timestamp, params (string Key, string Value)[] records)
    {
        using var builder = new RecordBatchBuilder(new RecordBatchOptions { Compression = codec });
        foreach (var (key, value) in records)
        {
            builder.Append(timestamp, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));
        }

        var output = new ArrayBufferWriter<byte>();
        builder.WriteTo(output);
        return output.WrittenSpan.ToArray();
    }

    [Fact]
    public async Task Segments_younger_than_min_compaction_lag_are_left_alone()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: Compacted(("segment.bytes", ThreeBatches), ("min.compaction.lag.ms", "60000")));
        WriteRounds(log, timestamp: dir.NowMs);

        dir.Manager.RunCleanerPass();
        Assert.Equal(12, log.ReadRecords().Count);

        dir.Time.Advance(TimeSpan.FromMinutes(2));
        dir.Manager.RunCleanerPass();
        Assert.Equal(6, log.ReadRecords().Count);
    }

    [Fact]
    public async Task A_pass_with_nothing_new_to_clean_does_nothing_even_after_restart()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: Compacted(("segment.bytes", ThreeBatches)));
        WriteRounds(log);
        dir.Manager.RunCleanerPass();
        await dir.ReopenAsync();

        dir.Manager.RunCleanerPass();

        Assert.Single(dir.Logs.Entries, e => e.Message.Contains("compacted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_topics_are_never_compacted()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.bytes"] = ThreeBatches });
        WriteRounds(log);

        dir.Manager.RunCleanerPass();

        Assert.Equal(12, log.ReadRecords().Count);
    }

    [Fact]
    public async Task A_compaction_interrupted_before_its_commit_point_is_discarded()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: Compacted(("segment.bytes", ThreeBatches)));
        WriteRounds(log);
        var cleaning = Path.Combine(dir.PartitionDirectory(), "cleaning");

        await dir.CrashAndReopenAsync(() =>
        {
            Directory.CreateDirectory(cleaning);
            File.WriteAllBytes(Path.Combine(cleaning, "00000000000000000000.log"), [1, 2, 3]);
        });

        Assert.False(Directory.Exists(cleaning));
        Assert.Equal(12, dir.Partition().ReadRecords().Count);
    }

    [Fact]
    public async Task A_compaction_interrupted_after_its_commit_point_is_completed_at_the_next_start()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition("swap", Compacted(("segment.bytes", ThreeBatches)));
        WriteRounds(log);
        dir.Manager.AlterConfigs("swap", new Dictionary<string, string?> { ["segment.bytes"] = "1048576" }, true, false);
        await dir.ReopenAsync();
        var partition = dir.PartitionDirectory("swap");
        var before = Snapshot(partition);
        dir.Manager.RunCleanerPass();
        await dir.ReopenAsync();
        var after = Snapshot(partition);

        // Put the disk back to the moment after the commit point: the old segments in place, the compacted copy
        // in the cleaning directory, and the marker naming the range it replaces.
        await dir.CrashAndReopenAsync(() =>
        {
            foreach (var file in Directory.GetFiles(partition).Where(IsSegmentFile))
            {
                File.Delete(file);
            }

            foreach (var (name, bytes) in before.Where(f => IsSegmentFile(f.Key)))
            {
                File.WriteAllBytes(Path.Combine(partition, name), bytes);
            }

            var cleaning = Directory.CreateDirectory(Path.Combine(partition, "cleaning")).FullName;
            File.WriteAllBytes(Path.Combine(cleaning, "00000000000000000000.log"), after["00000000000000000000.log"]);
            File.WriteAllBytes(Path.Combine(cleaning, "00000000000000000000.index"), after["00000000000000000000.index"]);
            File.WriteAllText(Path.Combine(cleaning, "swap"), "0 9\n");
        });

        Assert.Contains(dir.Warnings, w => w.Contains("compacted copy", StringComparison.Ordinal));
        Assert.Equal(["00000000000000000000.log", "00000000000000000009.log"], dir.SegmentFiles("swap").Select(Path.GetFileName));
        Assert.Equal([6L, 7L, 8L, 9L, 10L, 11L], dir.Partition("swap").ReadRecords().Select(r => r.Offset));
        Assert.False(Directory.Exists(Path.Combine(partition, "cleaning")));
    }

    private static bool IsSegmentFile(string path) =>
        path.EndsWith(".log", StringComparison.Ordinal) || path.EndsWith(".index", StringComparison.Ordinal) || path.EndsWith(".timeindex", StringComparison.Ordinal);

    private static Dictionary<string, byte[]> Snapshot(string directory) =>
        Directory.GetFiles(directory).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);
}
