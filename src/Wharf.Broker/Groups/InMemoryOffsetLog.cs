namespace Wharf.Broker.Groups;

/// <summary>An <see cref="IOffsetLog"/> kept in memory: for tests, and for a broker that keeps no state. Handing
/// the same instance to a new coordinator is a restart that keeps the log.</summary>
public sealed class InMemoryOffsetLog : IOffsetLog
{
    private readonly Lock _gate = new();
    private readonly List<OffsetLogRecord> _records = [];

    /// <summary>Records appended so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    public void Append(IReadOnlyList<OffsetLogRecord> records)
    {
        lock (_gate)
        {
            _records.AddRange(records);
        }
    }

    public IEnumerable<OffsetLogRecord> ReadAll()
    {
        lock (_gate)
        {
            return [.. _records];
        }
    }
}
