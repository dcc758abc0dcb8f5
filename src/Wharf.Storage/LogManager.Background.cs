namespace Wharf.Storage;

public sealed partial class LogManager
{
    private static readonly TimeSpan MaxFlushCheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinFlushCheckInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The running background tasks, which disposal waits for so that no pass outlives the manager.</summary>
    private Task? _background;

    /// <summary>
    /// Runs until <paramref name="stop"/> (or disposal): retention and time-based rolls every
    /// log.retention.check.interval.ms, compaction every log.cleaner.backoff.ms, and flush.ms fsyncs checked as
    /// often as the smallest flush.ms asks (at most every second, at least every 10 ms). A failing pass is logged
    /// and retried at the next interval.
    /// </summary>
    public Task RunBackgroundTasksAsync(CancellationToken stop)
    {
        lock (_metadataLock)
        {
            if (_disposed)
            {
                return Task.CompletedTask;
            }

            var run = RunAllAsync(stop);
            _background = _background is null ? run : Task.WhenAll(_background, run);
            return run;
        }
    }

    private async Task RunAllAsync(CancellationToken stop)
    {
        await Task.Yield();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, _disposing.Token);
        var token = linked.Token;
        await Task.WhenAll(
            RunPeriodicallyAsync("retention", () => TimeSpan.FromMilliseconds(_options.Defaults.RetentionCheckIntervalMs), () => { RunRetentionPass(); return Task.CompletedTask; }, token),
            RunPeriodicallyAsync("log cleaner", () => TimeSpan.FromMilliseconds(_options.Defaults.CleanerBackoffMs), () => { RunCleanerPass(); return Task.CompletedTask; }, token),
            RunPeriodicallyAsync("interval flush", FlushCheckInterval, RunFlushPassAsync, token));
    }

    private async Task RunPeriodicallyAsync(string name, Func<TimeSpan> interval, Func<Task> pass, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval(), _time, stop);
                await pass();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failing pass (a full disk, or a bug) must not stop retention, cleaning and flushing for good.
                StorageLog.BackgroundTaskFailed(_logger, name, e);
            }
        }
    }

    /// <summary>One retention pass over every partition (see <see cref="PartitionLog.ApplyRetention"/>), with idle segments rolled first.</summary>
    internal void RunRetentionPass()
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var topic in _topics.Values)
        {
            foreach (var partition in topic.Partitions)
            {
                partition.RollIfDue(nowMs);
                partition.ApplyRetention(nowMs, _options.Defaults.ProducerIdExpirationMs);
            }
        }
    }

    /// <summary>One compaction pass over every partition of a compacted topic that needs one (unless log.cleaner.enable=false).</summary>
    internal void RunCleanerPass()
    {
        if (!_options.Defaults.CleanerEnabled)
        {
            return;
        }

        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var topic in _topics.Values.Where(t => t.Config.Compact))
        {
            foreach (var partition in topic.Partitions)
            {
                partition.CompactIfNeeded(nowMs);
            }
        }
    }

    /// <summary>One pass of flush.ms: every partition whose last fsync is older than its flush.ms and has unflushed data.</summary>
    internal Task RunFlushPassAsync()
    {
        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return Task.WhenAll(_topics.Values.SelectMany(t => t.Partitions).Select(p => p.FlushIfDueAsync(nowMs)));
    }

    private TimeSpan FlushCheckInterval()
    {
        var smallest = _topics.Values.Select(t => t.Config.FlushMs).DefaultIfEmpty(long.MaxValue).Min();
        return smallest >= MaxFlushCheckInterval.TotalMilliseconds
            ? MaxFlushCheckInterval
            : TimeSpan.FromMilliseconds(Math.Max(smallest, MinFlushCheckInterval.TotalMilliseconds));
    }
}
