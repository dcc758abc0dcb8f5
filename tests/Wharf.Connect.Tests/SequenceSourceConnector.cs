using System.Collections.Concurrent;
using System.Globalization;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Data;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Tests;

/// <summary>
/// A test plugin whose task counts from 0 to <c>count</c> - 1, <c>per.poll</c> numbers per poll, each poll taking
/// two milliseconds, and notes how the worker called it: whether a poll began while another ran, and whether Stop came during a poll. The notes are
/// kept per connector name in <see cref="Calls"/>.
/// </summary>
public sealed class SequenceSourceConnector : SourceConnector
{
    private Dictionary<string, string> _props = [];

    public static ConcurrentDictionary<string, SequenceCalls> Calls { get; } = new(StringComparer.Ordinal);

    public override ConfigDef Config { get; } = new ConfigDef()
        .DefineRequired("topic", ConfigType.String, ConfigValidators.NonEmptyString, Importance.High, "Where the numbers go.")
        .DefineRequired("count", ConfigType.Int, null, Importance.High, "How many numbers.")
        .DefineRequired("per.poll", ConfigType.Int, null, Importance.High, "Numbers per poll.");

    public override Type TaskType => typeof(SequenceSourceTask);

    public override void Start(IReadOnlyDictionary<string, string> props) => _props = new Dictionary<string, string>(props);

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [_props];

    public override void Stop()
    {
    }
}

/// <summary>What <see cref="SequenceSourceTask"/> saw of the worker's calls.</summary>
public sealed class SequenceCalls
{
    private int _polling;
    private int _overlappingPolls;
    private int _stopsDuringPoll;
    private int _polls;

    public int OverlappingPolls => Volatile.Read(ref _overlappingPolls);

    public int StopsDuringPoll => Volatile.Read(ref _stopsDuringPoll);

    public int Polls => Volatile.Read(ref _polls);

    public void PollBegins()
    {
        Interlocked.Increment(ref _polls);
        if (Interlocked.Increment(ref _polling) > 1)
        {
            Interlocked.Increment(ref _overlappingPolls);
        }
    }

    public void PollEnds() => Interlocked.Decrement(ref _polling);

    public void Stopped()
    {
        if (Volatile.Read(ref _polling) > 0)
        {
            Interlocked.Increment(ref _stopsDuringPoll);
        }
    }
}

public sealed class SequenceSourceTask : SourceTask
{
    private static readonly IReadOnlyDictionary<string, object?> Partition = new Dictionary<string, object?> { ["sequence"] = "numbers" };

    private SequenceCalls _calls = new();
    private string _topic = string.Empty;
    private long _next;
    private long _count;
    private int _perPoll;

    public override void Start(IReadOnlyDictionary<string, string> props)
    {
        _calls = SequenceSourceConnector.Calls.GetOrAdd(props["name"], _ => new SequenceCalls());
        _topic = props["topic"];
        _count = long.Parse(props["count"], CultureInfo.InvariantCulture);
        _perPoll = int.Parse(props["per.poll"], CultureInfo.InvariantCulture);
        _next = Context.OffsetStorageReader.Offset(Partition)?["next"] is long next ? next : 0;
    }

    public override async ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
    {
        _calls.PollBegins();
        try
        {
            // Not cut short by a stop, as a query to a slow database would not be.
            await Task.Delay(2, CancellationToken.None);
            var records = new List<SourceRecord>();
            while (records.Count < _perPoll && _next < _count)
            {
                _next++;
                records.Add(new SourceRecord(Partition, new Dictionary<string, object?> { ["next"] = _next }, _topic, Schema.String, (_next - 1).ToString(CultureInfo.InvariantCulture)));
            }

            return records;
        }
        finally
        {
            _calls.PollEnds();
        }
    }

    public override void Stop() => _calls.Stopped();
}
