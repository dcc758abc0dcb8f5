using Wharf.Protocol;
using Wharf.Protocol.Records;
using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class AppendReadTests
{
    [Fact]
    public async Task Appended_batches_get_consecutive_offsets_and_read_back_byte_for_byte()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        var first = TestBatch.Create(records: 3);
        var second = TestBatch.Create(records: 2);

        var a = log.AppendOk(first);
        var b = log.AppendOk(second);

        Assert.Equal((0L, 2L), (a.BaseOffset, a.LastOffset));
        Assert.Equal((3L, 4L), (b.BaseOffset, b.LastOffset));
        Assert.Equal(-1, a.LogAppendTime);
        Assert.Equal(5, log.LogEndOffset);
        Assert.Equal(5, log.HighWatermark);
        Assert.Equal(5, log.LastStableOffset);

        using var read = log.Read(0, 1 << 20, minOneBatch: true, log.HighWatermark);
        Assert.Equal(ErrorCode.None, read.Error);
        Assert.Equal([.. first, .. second], read.Records.ToArray());
        var headers = TestBatch.Headers(read.Records.Span);
        Assert.Equal([0L, 3L], headers.Select(h => h.BaseOffset));
        Assert.All(headers, h => Assert.Equal(0, h.PartitionLeaderEpoch));
    }

    [Fact]
    public async Task Append_rewrites_the_base_offset_and_leader_epoch_in_the_callers_buffer_and_keeps_the_crc_valid()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 4));
        var batch = TestBatch.Create(records: 1);

        log.Append(batch, leaderEpoch: 7, AppendOrigin.Client);

        var header = new RecordBatchHeader(batch);
        Assert.Equal(4, header.BaseOffset);
        Assert.Equal(7, header.PartitionLeaderEpoch);
        Assert.Equal(BatchValidationError.None, RecordBatch.Validate(batch));
    }

    [Fact]
    public async Task Reading_from_the_middle_of_a_batch_returns_that_whole_batch()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 5));
        log.AppendOk(TestBatch.Create(records: 5));

        using var read = log.Read(7, 1 << 20, minOneBatch: true, log.HighWatermark);

        var header = Assert.Single(TestBatch.Headers(read.Records.Span));
        Assert.Equal(5, header.BaseOffset);
        Assert.Equal(9, header.LastOffset);
    }

    [Fact]
    public async Task Reads_find_batches_through_the_sparse_index_in_a_large_segment()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["index.interval.bytes"] = "100" });
        for (var i = 0; i < 200; i++)
        {
            log.AppendOk(TestBatch.Create(records: 2, valueSize: 50));
        }

        foreach (var offset in new long[] { 0, 1, 57, 200, 399 })
        {
            using var read = log.Read(offset, 1, minOneBatch: true, log.HighWatermark);
            var header = Assert.Single(TestBatch.Headers(read.Records.Span));
            Assert.InRange(offset, header.BaseOffset, header.LastOffset);
        }
    }

    [Fact]
    public async Task Max_bytes_limits_a_read_to_whole_batches_that_fit()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        var size = TestBatch.Create(records: 1).Length;
        for (var i = 0; i < 5; i++)
        {
            log.AppendOk(TestBatch.Create(records: 1));
        }

        using var read = log.Read(0, (2 * size) + (size / 2), minOneBatch: false, log.HighWatermark);

        Assert.Equal(2 * size, read.Records.Length);
        Assert.Equal([0L, 1L], TestBatch.Headers(read.Records.Span).Select(h => h.BaseOffset));
    }

    [Fact]
    public async Task A_batch_larger_than_max_bytes_is_returned_whole_only_with_min_one_batch()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 10, valueSize: 100));

        using var strict = log.Read(0, 100, minOneBatch: false, log.HighWatermark);
        using var relaxed = log.Read(0, 100, minOneBatch: true, log.HighWatermark);

        Assert.Equal(ErrorCode.None, strict.Error);
        Assert.Equal(0, strict.Records.Length);
        var header = Assert.Single(TestBatch.Headers(relaxed.Records.Span));
        Assert.True(header.TotalSize > 100);
    }

    [Fact]
    public async Task Reads_never_return_batches_at_or_past_the_upper_bound()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 2));
        log.AppendOk(TestBatch.Create(records: 2));
        log.AppendOk(TestBatch.Create(records: 2));

        using var bounded = log.Read(0, 1 << 20, minOneBatch: true, upperBoundOffset: 4);
        using var atBound = log.Read(4, 1 << 20, minOneBatch: true, upperBoundOffset: 4);

        Assert.Equal([0L, 2L], TestBatch.Headers(bounded.Records.Span).Select(h => h.BaseOffset));
        Assert.Equal(0, atBound.Records.Length);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(long.MaxValue)]
    public async Task Reading_outside_the_log_answers_offset_out_of_range(long offset)
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 3));

        using var read = log.Read(offset, 1 << 20, minOneBatch: true, log.HighWatermark);

        Assert.Equal(ErrorCode.OffsetOutOfRange, read.Error);
        Assert.Equal(0, read.Records.Length);
        Assert.Equal(3, read.HighWatermark);
    }

    [Fact]
    public async Task Reading_at_the_log_end_returns_no_batches_and_no_error()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create(records: 3));

        using var read = log.Read(3, 1 << 20, minOneBatch: true, log.HighWatermark);

        Assert.Equal(ErrorCode.None, read.Error);
        Assert.True(read.Records.IsEmpty);
    }

    [Fact]
    public async Task Waiting_for_an_append_completes_when_one_arrives()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        log.AppendOk(TestBatch.Create());

        var waiting = log.WaitForAppendAsync(log.LogEndOffset, TestContext.Current.CancellationToken);
        var alreadyPast = log.WaitForAppendAsync(0, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        Assert.True(alreadyPast.IsCompleted);

        log.AppendOk(TestBatch.Create());
        await waiting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Waiting_for_an_append_can_be_cancelled()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();
        using var cancel = new CancellationTokenSource();

        var waiting = log.WaitForAppendAsync(log.LogEndOffset, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Concurrent_appends_from_many_producers_get_distinct_contiguous_offsets()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 50).Select(_ => log.AppendOk(TestBatch.Create(records: 2))).ToList())));

        var bases = results.SelectMany(r => r).Select(r => r.BaseOffset).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 400).Select(i => 2L * i), bases);
        Assert.Equal(800, log.LogEndOffset);
        Assert.Equal(400, log.ReadAll().Count);
    }
}
