using Wharf.Protocol;
using Wharf.Protocol.Records;
using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Reads_stay_whole_and_valid_while_appends_compaction_and_retention_run()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?>
        {
            ["cleanup.policy"] = "compact,delete",
            ["segment.bytes"] = "2000",
            ["min.cleanable.dirty.ratio"] = "0.01",
            ["retention.bytes"] = "20000",
        });
        const int Batches = 1500;
        var now = dir.NowMs;
        var writing = Task.Run(() =>
        {
            for (var i = 0; i < Batches; i++)
            {
                log.AppendOk(TestBatch.Create([new("key-" + (i % 50), "value-" + i)], timestamp: now + i));
            }
        }, TestContext.Current.CancellationToken);
        var maintaining = Task.Run(() =>
        {
            while (!writing.IsCompleted)
            {
                dir.Manager.RunCleanerPass();
                dir.Manager.RunRetentionPass();
            }
        }, TestContext.Current.CancellationToken);
        var reading = Task.Run(() =>
        {
            var reads = 0;
            while (!writing.IsCompleted || reads == 0)
            {
                var start = log.LogStartOffset;
                using var result = log.Read(start, 64 * 1024, minOneBatch: true, log.HighWatermark);
                if (result.Error == ErrorCode.OffsetOutOfRange)
                {
                    continue; // retention moved the start since it was read
                }

                Assert.Equal(ErrorCode.None, result.Error);
                var data = result.Records.Span;
                while (!data.IsEmpty)
                {
                    var size = RecordBatchHeader.PeekTotalSize(data);
                    Assert.Equal(BatchValidationError.None, RecordBatch.Validate(data[..size]));
                    data = data[size..];
                }

                reads++;
            }
        }, TestContext.Current.CancellationToken);

        await Task.WhenAll(writing, maintaining, reading).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        dir.Manager.RunCleanerPass();
        dir.Manager.RunRetentionPass();
        Assert.Equal(Batches, log.LogEndOffset);
        Assert.True(log.LogStartOffset > 0);
        var records = log.ReadRecords();
        Assert.Equal(records.Select(r => r.Offset).Order(), records.Select(r => r.Offset));
        Assert.Equal($"value-{Batches - 1}", records[^1].Value);
        Assert.DoesNotContain(dir.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task Disposing_waits_for_background_tasks_and_leaves_the_directory_clean()
    {
        await using var dir = TestLogDirectory.Create();
        dir.CreatePartition().AppendOk(TestBatch.Create());
        var background = dir.Manager.RunBackgroundTasksAsync(TestContext.Current.CancellationToken);

        await dir.ReopenAsync();

        Assert.True(background.IsCompleted);
        Assert.Equal(1, dir.Partition().LogEndOffset);
        Assert.Contains(dir.Logs.Entries, e => e.Message.Contains("after a clean shutdown", StringComparison.Ordinal));
    }
}
