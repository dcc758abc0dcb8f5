using Microsoft.Extensions.Logging;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Api.Connectors;

/// <summary>A task of a connector (Apache's Task): the worker creates it, starts it with its configuration and stops it.</summary>
public abstract class ConnectTask
{
    public virtual string Version => PluginVersion.Of(GetType());

    public abstract void Start(IReadOnlyDictionary<string, string> props);

    /// <summary>Called once when the task stops; a blocked poll or put is cancelled first.</summary>
    public abstract void Stop();
}

/// <summary>Reads the offsets the worker stored for a connector's source partitions.</summary>
public interface IOffsetStorageReader
{
    /// <summary>The last committed offset of <paramref name="partition"/>, or null when none was stored.</summary>
    IReadOnlyDictionary<string, object?>? Offset(IReadOnlyDictionary<string, object?> partition);
}

/// <summary>What the worker offers a source task.</summary>
public interface ISourceTaskContext
{
    IReadOnlyDictionary<string, string> Configs { get; }

    /// <summary>A logger named after the task ("connector-0"), for lines users read.</summary>
    ILogger Logger { get; }

    IOffsetStorageReader OffsetStorageReader { get; }
}

/// <summary>
/// A task that produces records (Apache's SourceTask). The worker calls <see cref="PollAsync"/> in its own loop,
/// writes what it returns to Kafka and stores each record's <see cref="SourceRecord.SourceOffset"/> once the
/// record is delivered, every offset.flush.interval.ms. A task that resumes reads its position from
/// <see cref="ISourceTaskContext.OffsetStorageReader"/> in <see cref="ConnectTask.Start"/>.
/// </summary>
public abstract class SourceTask : ConnectTask
{
    private ISourceTaskContext? _context;

    protected ISourceTaskContext Context => _context ?? throw new InvalidOperationException("The task is not initialized.");

    public void Initialize(ISourceTaskContext context) => _context = context;

    /// <summary>The next records, or an empty list when there are none for now (the task should wait a little first).</summary>
    public abstract ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken);

    /// <summary>Called after the offsets of delivered records were stored.</summary>
    public virtual void Commit()
    {
    }
}

/// <summary>What the worker offers a sink task.</summary>
public interface ISinkTaskContext
{
    IReadOnlyDictionary<string, string> Configs { get; }

    /// <summary>A logger named after the task ("connector-0"), for lines users read.</summary>
    ILogger Logger { get; }

    /// <summary>The partitions assigned to the task now.</summary>
    IReadOnlyCollection<TopicPartition> Assignment { get; }

    /// <summary>Asks the worker to commit offsets soon.</summary>
    void RequestCommit();
}

/// <summary>
/// A task that consumes records (Apache's SinkTask), in consumer group connect-&lt;connector name&gt;. The worker
/// calls <see cref="Put"/> with each batch and, every offset.flush.interval.ms, <see cref="PreCommit"/> (by
/// default <see cref="Flush"/>) and commits the offsets it returns.
/// </summary>
public abstract class SinkTask : ConnectTask
{
    private ISinkTaskContext? _context;

    protected ISinkTaskContext Context => _context ?? throw new InvalidOperationException("The task is not initialized.");

    public void Initialize(ISinkTaskContext context) => _context = context;

    public abstract void Put(IReadOnlyCollection<SinkRecord> records);

    /// <summary>Makes everything given to <see cref="Put"/> durable; offsets are the next ones to consume.</summary>
    public virtual void Flush(IReadOnlyDictionary<TopicPartition, long> currentOffsets)
    {
    }

    /// <summary>The offsets safe to commit (the next offset to consume per partition); by default flushes and returns them all.</summary>
    public virtual IReadOnlyDictionary<TopicPartition, long> PreCommit(IReadOnlyDictionary<TopicPartition, long> currentOffsets)
    {
        Flush(currentOffsets);
        return currentOffsets;
    }

    public virtual void Open(IReadOnlyCollection<TopicPartition> partitions)
    {
    }

    public virtual void Close(IReadOnlyCollection<TopicPartition> partitions)
    {
    }
}
