using Wharf.Protocol;
using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class IdempotenceTests
{
    private const long ProducerId = 4_000;

    private static byte[] Batch(int sequence, int records = 2, short epoch = 0) =>
        TestBatch.Create(records, producerId: ProducerId, producerEpoch: epoch, baseSequence: sequence);

    [Fact]
    public async Task A_retried_batch_gets_its_original_offsets_and_is_not_written_again()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 3));
        var first = log.AppendOk(Batch(0));
        log.AppendOk(Batch(2));

        var retry = log.Append(Batch(0), 0, AppendOrigin.Client);

        Assert.Equal(ErrorCode.None, retry.Error);
        Assert.Equal((first.BaseOffset, first.LastOffset), (retry.BaseOffset, retry.LastOffset));
        Assert.Equal(7, log.LogEndOffset);
    }

    [Fact]
    public async Task Only_the_last_five_batches_are_recognised_as_duplicates()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        for (var i = 0; i < 6; i++)
        {
            log.AppendOk(Batch(i * 2));
        }

        Assert.Equal(ErrorCode.None, log.Append(Batch(2), 0, AppendOrigin.Client).Error);
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, log.Append(Batch(0), 0, AppendOrigin.Client).Error);
        Assert.Equal(12, log.LogEndOffset);
    }

    [Fact]
    public async Task A_gap_in_sequence_numbers_is_out_of_order_sequence_number()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(Batch(0));

        var gap = log.Append(Batch(5), 0, AppendOrigin.Client);

        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, gap.Error);
        Assert.Equal(2, log.LogEndOffset);
        Assert.Equal(2, log.AppendOk(Batch(2)).BaseOffset);
    }

    [Fact]
    public async Task An_older_epoch_is_invalid_producer_epoch_and_a_new_epoch_must_start_at_zero()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(Batch(0, epoch: 3));

        Assert.Equal(ErrorCode.InvalidProducerEpoch, log.Append(Batch(2, epoch: 2), 0, AppendOrigin.Client).Error);
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, log.Append(Batch(2, epoch: 4), 0, AppendOrigin.Client).Error);
        log.AppendOk(Batch(0, epoch: 4));
        Assert.Equal(ErrorCode.InvalidProducerEpoch, log.Append(Batch(2, epoch: 3), 0, AppendOrigin.Client).Error);
    }

    [Fact]
    public async Task An_unknown_producer_may_start_at_any_sequence()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();

        log.AppendOk(Batch(17));

        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, log.Append(Batch(20), 0, AppendOrigin.Client).Error);
        log.AppendOk(Batch(19));
    }

    [Fact]
    public async Task Sequence_numbers_wrap_after_int_max()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(Batch(int.MaxValue - 1, records: 2));

        log.AppendOk(Batch(0, records: 1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Producer_state_survives_a_restart(bool crash)
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.bytes"] = "300" });
        var appended = Enumerable.Range(0, 8).Select(i => log.AppendOk(Batch(i * 2))).ToList();

        if (crash)
        {
            await dir.CrashAndReopenAsync();
        }
        else
        {
            await dir.ReopenAsync();
        }

        log = dir.Partition();
        var retry = log.Append(Batch(14), 0, AppendOrigin.Client);
        Assert.Equal((appended[^1].BaseOffset, ErrorCode.None), (retry.BaseOffset, retry.Error));
        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, log.Append(Batch(20), 0, AppendOrigin.Client).Error);
        Assert.Equal(16, log.AppendOk(Batch(16)).BaseOffset);
    }

    [Fact]
    public async Task Producer_state_is_rebuilt_from_the_log_when_snapshots_are_lost()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["segment.bytes"] = "300" });
        for (var i = 0; i < 8; i++)
        {
            log.AppendOk(Batch(i * 2));
        }

        await dir.CrashAndReopenAsync(() =>
        {
            foreach (var snapshot in Directory.GetFiles(dir.PartitionDirectory(), "*.snapshot"))
            {
                File.Delete(snapshot);
            }
        });

        Assert.Equal(ErrorCode.OutOfOrderSequenceNumber, dir.Partition().Append(Batch(20), 0, AppendOrigin.Client).Error);
        Assert.Equal(14, dir.Partition().Append(Batch(14), 0, AppendOrigin.Client).BaseOffset);
    }

    [Fact]
    public async Task A_snapshot_past_a_truncated_tail_is_ignored()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(Batch(0));
        log.AppendOk(Batch(2));
        var segment = dir.SegmentFiles()[0];

        // Clean shutdown writes a snapshot at offset 4; then the last batch is torn away.
        await dir.CrashAndReopenAsync(() =>
        {
            var bytes = File.ReadAllBytes(segment);
            File.WriteAllBytes(segment, bytes[..^5]);
        });

        log = dir.Partition();
        Assert.Equal(2, log.LogEndOffset);
        Assert.Equal(2, log.AppendOk(Batch(2)).BaseOffset);
        Assert.Equal(4, log.LogEndOffset); // written, not taken for a duplicate of the batch that was cut
    }

    [Fact]
    public async Task Idle_producers_are_forgotten_after_the_expiration_time()
    {
        await using var dir = TestLogDirectory.Create(new Dictionary<string, string?> { ["producer.id.expiration.ms"] = "60000" });
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(2, timestamp: dir.NowMs, producerId: ProducerId, producerEpoch: 0, baseSequence: 0));

        dir.Time.Advance(TimeSpan.FromMinutes(2));
        dir.Manager.RunRetentionPass();

        log.AppendOk(Batch(50));
    }
}
