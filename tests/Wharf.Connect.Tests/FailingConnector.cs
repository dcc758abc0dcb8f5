using System.Collections.Concurrent;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Records;

namespace Wharf.Connect.Tests;

/// <summary>
/// A test plugin whose task fails on purpose: its first <c>fail.times</c> starts throw (per connector name), later
/// ones run and produce nothing. Used to check FAILED with a trace, restart back to RUNNING, and isolation.
/// </summary>
public sealed class FailingSourceConnector : SourceConnector
{
    private Dictionary<string, string> _props = [];

    public override ConfigDef Config { get; } = new ConfigDef()
        .Define("fail.times", ConfigType.Int, 1, ConfigValidators.AtLeast(0), Importance.High, "How many task starts fail before one succeeds.");

    public override Type TaskType => typeof(FailingSourceTask);

    public override void Start(IReadOnlyDictionary<string, string> props) => _props = new Dictionary<string, string>(props);

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [_props];

    public override void Stop()
    {
    }
}

public sealed class FailingSourceTask : SourceTask
{
    public const string Reason = "The task failed on purpose (test plugin)";

    private static readonly ConcurrentDictionary<string, int> Starts = new();

    public override void Start(IReadOnlyDictionary<string, string> props)
    {
        var starts = Starts.AddOrUpdate(props["name"], 1, (_, n) => n + 1);
        if (starts <= int.Parse(props.GetValueOrDefault("fail.times", "1"), System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException(Reason);
        }
    }

    public override async ValueTask<IReadOnlyList<SourceRecord>> PollAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(100, cancellationToken);
        return [];
    }

    public override void Stop()
    {
    }
}

/// <summary>
/// A test transformation that fails on purpose: its first <c>fail.times</c> records throw (counted per
/// <c>counter</c>, shared by every instance), a DataException or, with <c>exception=retriable</c>, a
/// RetriableException; later records pass unchanged.
/// </summary>
public sealed class FlakyTransformation : Wharf.Connect.Api.Plugins.ITransformation
{
    public const string Reason = "The transformation failed on purpose (test plugin)";

    private static readonly ConcurrentDictionary<string, int> Calls = new();
    private string _counter = string.Empty;
    private int _failTimes;
    private bool _retriable;

    public ConfigDef Config { get; } = new ConfigDef()
        .Define("fail.times", ConfigType.Int, 1, ConfigValidators.AtLeast(0), Importance.High, "How many records fail before the others pass.")
        .Define("exception", ConfigType.String, "data", ConfigValidators.OneOf("data", "retriable"), Importance.High, "What is thrown.")
        .Define("counter", ConfigType.String, "default", null, Importance.High, "The name under which failures are counted.");

    public void Configure(IReadOnlyDictionary<string, string> configs)
    {
        var parsed = new ParsedConfig(Config, configs);
        _counter = parsed.GetString("counter")!;
        _failTimes = parsed.GetInt("fail.times");
        _retriable = parsed.GetString("exception") == "retriable";
    }

    public ConnectRecord? Apply(ConnectRecord record)
    {
        if (Calls.AddOrUpdate(_counter, 1, (_, n) => n + 1) <= _failTimes)
        {
            throw _retriable ? new Wharf.Connect.Api.RetriableException(Reason) : new Wharf.Connect.Api.DataException(Reason);
        }

        return record;
    }
}

/// <summary>
/// A test sink whose first <c>fail.puts</c> puts (per connector name) throw a RetriableException; the values of
/// the records of later puts are kept in <see cref="Received"/> by connector name.
/// </summary>
public sealed class FlakySinkConnector : SinkConnector
{
    private Dictionary<string, string> _props = [];

    public override ConfigDef Config { get; } = new ConfigDef()
        .Define("fail.puts", ConfigType.Int, 1, ConfigValidators.AtLeast(0), Importance.High, "How many puts fail before one succeeds.");

    public override Type TaskType => typeof(FlakySinkTask);

    public override void Start(IReadOnlyDictionary<string, string> props) => _props = new Dictionary<string, string>(props);

    public override IReadOnlyList<IReadOnlyDictionary<string, string>> TaskConfigs(int maxTasks) => [_props];

    public override void Stop()
    {
    }
}

public sealed class FlakySinkTask : SinkTask
{
    public const string Reason = "The put failed on purpose (test plugin)";

    public static readonly ConcurrentDictionary<string, ConcurrentQueue<string?>> Received = new();

    private static readonly ConcurrentDictionary<string, int> Puts = new();
    private string _name = string.Empty;
    private int _failPuts;

    public override void Start(IReadOnlyDictionary<string, string> props)
    {
        _name = props["name"];
        _failPuts = int.Parse(props.GetValueOrDefault("fail.puts", "1"), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override void Put(IReadOnlyCollection<SinkRecord> records)
    {
        if (records.Count > 0 && Puts.AddOrUpdate(_name, 1, (_, n) => n + 1) <= _failPuts)
        {
            throw new Wharf.Connect.Api.RetriableException(Reason);
        }

        var received = Received.GetOrAdd(_name, _ => new ConcurrentQueue<string?>());
        foreach (var record in records)
        {
            received.Enqueue(record.Value?.ToString());
        }
    }

    public override void Stop()
    {
    }
}
