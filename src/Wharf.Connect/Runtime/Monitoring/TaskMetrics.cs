namespace Wharf.Connect.Runtime.Monitoring;

/// <summary>
/// The counters of one task on this worker (Wharf's own, beyond Apache; named after Apache's task, source-task,
/// sink-task and task-error metric groups). Updated with Interlocked from the task's loop and the producer's
/// callbacks, read by the REST API; kept across restarts of the task until the connector is deleted.
/// </summary>
internal sealed class TaskMetrics
{
    private long _recordsPolled;
    private long _recordsWritten;
    private long _recordsRead;
    private long _recordsPut;
    private long _recordsSkipped;
    private long _failures;
    private long _retries;
    private long _errorsLogged;
    private long _dlqRequests;
    private long _dlqFailures;
    private long _commits;
    private long _commitFailures;
    private long _lastActivityMs;
    private long _lastErrorMs;
    private IReadOnlyList<PartitionLag> _partitions = [];

    /// <summary>Source: records returned by the task's poll.</summary>
    public long RecordsPolled => Interlocked.Read(ref _recordsPolled);

    /// <summary>Source: records Kafka acknowledged.</summary>
    public long RecordsWritten => Interlocked.Read(ref _recordsWritten);

    /// <summary>Sink: records consumed from Kafka.</summary>
    public long RecordsRead => Interlocked.Read(ref _recordsRead);

    /// <summary>Sink: records given to the task's put (and accepted).</summary>
    public long RecordsPut => Interlocked.Read(ref _recordsPut);

    /// <summary>Records skipped by error handling (errors.tolerance=all).</summary>
    public long RecordsSkipped => Interlocked.Read(ref _recordsSkipped);

    /// <summary>Failed operations, each retry attempt included (Apache's total-record-failures).</summary>
    public long ErrorsTotal => Interlocked.Read(ref _failures);

    public long Retries => Interlocked.Read(ref _retries);

    public long ErrorsLogged => Interlocked.Read(ref _errorsLogged);

    /// <summary>Records sent to the dead letter queue.</summary>
    public long DeadLetterQueueRecords => Interlocked.Read(ref _dlqRequests);

    public long DeadLetterQueueFailures => Interlocked.Read(ref _dlqFailures);

    public long OffsetCommits => Interlocked.Read(ref _commits);

    public long OffsetCommitFailures => Interlocked.Read(ref _commitFailures);

    /// <summary>Unix ms of the last poll or put that moved records, or commit; 0 when none yet.</summary>
    public long LastActivityMs => Interlocked.Read(ref _lastActivityMs);

    /// <summary>Unix ms of the last failure; 0 when none.</summary>
    public long LastErrorMs => Interlocked.Read(ref _lastErrorMs);

    /// <summary>Sink: the lag of each assigned partition, refreshed about every second by the task.</summary>
    public IReadOnlyList<PartitionLag> Partitions => Volatile.Read(ref _partitions);

    public void RecordPolled(int count)
    {
        Interlocked.Add(ref _recordsPolled, count);
        Touch();
    }

    public void RecordWritten() => Interlocked.Increment(ref _recordsWritten);

    public void RecordWritten(int count) => Interlocked.Add(ref _recordsWritten, count);

    public void RecordRead(int count) => Interlocked.Add(ref _recordsRead, count);

    public void RecordPut(int count)
    {
        Interlocked.Add(ref _recordsPut, count);
        Touch();
    }

    public void RecordSkipped() => Interlocked.Increment(ref _recordsSkipped);

    public void RecordFailure()
    {
        Interlocked.Increment(ref _failures);
        Interlocked.Exchange(ref _lastErrorMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    public void RecordRetry() => Interlocked.Increment(ref _retries);

    public void RecordErrorLogged() => Interlocked.Increment(ref _errorsLogged);

    public void RecordDeadLetterQueueRequest() => Interlocked.Increment(ref _dlqRequests);

    public void RecordDeadLetterQueueFailure() => Interlocked.Increment(ref _dlqFailures);

    public void RecordCommit(bool succeeded)
    {
        Interlocked.Increment(ref succeeded ? ref _commits : ref _commitFailures);
        Touch();
    }

    public void SetPartitions(IReadOnlyList<PartitionLag> partitions) => Volatile.Write(ref _partitions, partitions);

    private void Touch() => Interlocked.Exchange(ref _lastActivityMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
}

/// <summary>
/// A sink partition's position: the end offset (high watermark as last fetched), the next offset to consume, the
/// last committed offset (−1 when unknown) and the lag (end minus consumed).
/// </summary>
internal sealed record PartitionLag(string Topic, int Partition, long EndOffset, long ConsumedOffset, long CommittedOffset)
{
    public long Lag => Math.Max(0, EndOffset - ConsumedOffset);
}
