using Wharf.Storage.Tests.Support;

namespace Wharf.Storage.Tests;

public sealed class FlushTests
{
    [Fact]
    public async Task By_default_durability_is_not_awaited_and_nothing_is_fsynced_per_append()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition();

        var result = log.AppendOk(TestBatch.Create());
        var wait = log.WaitForDurableAsync(result.LastOffset, TestContext.Current.CancellationToken).AsTask();

        Assert.True(wait.IsCompleted);
        Assert.Equal(0, log.FsyncCount);
    }

    [Fact]
    public async Task With_flush_messages_one_concurrent_appends_share_fsyncs_and_all_become_durable()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["flush.messages"] = "1" });
        using var firstFsyncStarted = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        log.BeforeFsync = () =>
        {
            firstFsyncStarted.Set();
            release.Wait(TimeSpan.FromSeconds(30));
        };

        // The first append starts an fsync that the hook holds; every later one queues behind it.
        var first = log.AppendOk(TestBatch.Create());
        var waits = new List<Task> { log.WaitForDurableAsync(first.LastOffset, TestContext.Current.CancellationToken).AsTask() };
        Assert.True(firstFsyncStarted.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        var appends = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 25).Select(_ => log.AppendOk(TestBatch.Create())).ToList())));
        foreach (var result in appends.SelectMany(a => a))
        {
            waits.Add(log.WaitForDurableAsync(result.LastOffset, TestContext.Current.CancellationToken).AsTask());
        }

        Assert.DoesNotContain(waits, w => w.IsCompleted);
        release.Set();
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(201, waits.Count);
        Assert.InRange(log.FsyncCount, 1, 3);
        Assert.Equal(log.LogEndOffset, log.DurableEndOffset);
    }

    [Fact]
    public async Task With_flush_messages_n_an_fsync_follows_every_n_messages_without_holding_acks()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["flush.messages"] = "10" });
        using var flushed = new SemaphoreSlim(0);
        log.BeforeFsync = () => flushed.Release();

        var small = log.AppendOk(TestBatch.Create(records: 4));
        Assert.True(log.WaitForDurableAsync(small.LastOffset, TestContext.Current.CancellationToken).AsTask().IsCompleted);
        Assert.Equal(0, flushed.CurrentCount);

        log.AppendOk(TestBatch.Create(records: 6));

        Assert.True(await flushed.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Flush_ms_fsyncs_unflushed_data_once_the_interval_has_passed()
    {
        await using var dir = TestLogDirectory.Create();
        var log = dir.CreatePartition(configs: new Dictionary<string, string?> { ["flush.ms"] = "1000" });
        log.AppendOk(TestBatch.Create());

        await dir.Manager.RunFlushPassAsync();
        Assert.Equal(0, log.FsyncCount);

        dir.Time.Advance(TimeSpan.FromSeconds(2));
        await dir.Manager.RunFlushPassAsync();
        Assert.Equal(1, log.FsyncCount);
        Assert.Equal(log.LogEndOffset, log.DurableEndOffset);

        dir.Time.Advance(TimeSpan.FromSeconds(2));
        await dir.Manager.RunFlushPassAsync();
        Assert.Equal(1, log.FsyncCount);
    }

    [Fact]
    public async Task Background_tasks_stop_when_asked()
    {
        await using var dir = TestLogDirectory.Create();
        using var stop = new CancellationTokenSource();

        var running = dir.Manager.RunBackgroundTasksAsync(stop.Token);
        await stop.CancelAsync();

        await running.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }
}
