namespace Wharf.Storage;

/// <summary>
/// Durability. Kafka's default (flush.messages and flush.ms unlimited) acknowledges without fsync: the data is in
/// the page cache, so a killed process loses nothing, but a machine crash or power loss can lose the last
/// acknowledged writes; segments are fsynced when they roll and at clean shutdown. flush.messages=1 promises that
/// an acknowledged write is on disk: <see cref="WaitForDurableAsync"/> then waits for an fsync, and concurrent
/// appends share one (group commit). flush.messages=N fsyncs in the background once N messages are unflushed,
/// and flush.ms=T at least every T ms while there are any: both bound the loss window without delaying acks.
/// </summary>
public sealed partial class PartitionLog
{
    private readonly Lock _flushGate = new();
    private TaskCompletionSource? _nextFlush;
    private bool _flushRunning;
    private long _durableEndOffset;
    private long _lastFlushMs;
    private long _fsyncCount;

    /// <summary>Test hook: runs before each fsync of log data, on the flushing thread.</summary>
    internal Action? BeforeFsync { get; set; }

    /// <summary>How many fsyncs of log data the flush policy has issued (rolls and shutdown not counted).</summary>
    internal long FsyncCount => Interlocked.Read(ref _fsyncCount);

    /// <summary>Offsets below this are known to be on disk.</summary>
    internal long DurableEndOffset => Volatile.Read(ref _durableEndOffset);

    /// <summary>
    /// Completes once <paramref name="offset"/> (the last offset of an append) is on disk, when the topic's flush
    /// policy promises durability before acknowledgement (flush.messages=1); otherwise at once, as Kafka acknowledges.
    /// All appends waiting when an fsync starts share it: one fsync per round, not per append. Throws
    /// <see cref="IOException"/> when the fsync fails.
    /// </summary>
    public ValueTask WaitForDurableAsync(long offset, CancellationToken cancellationToken)
    {
        if (_topic.Config.FlushMessages != 1 || DurableEndOffset > offset)
        {
            return ValueTask.CompletedTask;
        }

        return new ValueTask(RequestFlush().WaitAsync(cancellationToken));
    }

    /// <summary>flush.ms: fsyncs when there are unflushed messages and the last fsync is at least that old.</summary>
    internal Task FlushIfDueAsync(long nowMs)
    {
        var interval = _topic.Config.FlushMs;
        return interval != long.MaxValue && LogEndOffset > DurableEndOffset && nowMs - Volatile.Read(ref _lastFlushMs) >= interval
            ? RequestFlush()
            : Task.CompletedTask;
    }

    private void StartFlushInBackground() =>
        _ = RequestFlush().ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>
    /// Joins the next flush round, starting the flusher if it is idle. A round begins after the request, so it
    /// covers every append that completed before it; requests that arrive during an fsync share the next one.
    /// </summary>
    private Task RequestFlush()
    {
        lock (_flushGate)
        {
            _nextFlush ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var round = _nextFlush.Task;
            if (!_flushRunning)
            {
                _flushRunning = true;
                _ = Task.Run(RunFlushRounds);
            }

            return round;
        }
    }

    private void RunFlushRounds()
    {
        while (true)
        {
            TaskCompletionSource? round;
            lock (_flushGate)
            {
                round = _nextFlush;
                _nextFlush = null;
                if (round is null)
                {
                    _flushRunning = false;
                    return;
                }
            }

            try
            {
                FlushActiveSegment();
                round.SetResult();
            }
            catch (IOException e)
            {
                StorageLog.FlushFailed(_logger, Topic, Partition, e);
                round.SetException(e);
            }
        }
    }

    /// <summary>fsyncs the active segment's data up to the log end offset seen under the lock (earlier segments were fsynced when they rolled).</summary>
    private void FlushActiveSegment()
    {
        Segments.LogSegment segment;
        long target;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            segment = Active;
            target = _logEndOffset;
            if (target <= _durableEndOffset || !segment.TryAcquire())
            {
                return;
            }
        }

        try
        {
            BeforeFsync?.Invoke();
            segment.FlushLog();
            Interlocked.Increment(ref _fsyncCount);
        }
        finally
        {
            segment.Release();
        }

        lock (_lock)
        {
            if (target > _durableEndOffset)
            {
                Volatile.Write(ref _durableEndOffset, target);
            }

            Volatile.Write(ref _lastFlushMs, NowMs());
        }
    }
}
