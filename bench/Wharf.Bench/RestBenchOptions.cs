using System.CommandLine;

namespace Wharf.Bench;

/// <summary>What the REST benchmark (`wharf-bench rest`) runs, from the command line (see bench/README.md).</summary>
internal sealed record RestBenchOptions
{
    /// <summary>Record size of every phase: the 100 B records.</summary>
    public const int RecordSize = 100;

    public long Records { get; init; }

    /// <summary>Records per produce request, one REST produce phase each.</summary>
    public IReadOnlyList<int> Batches { get; init; } = [];

    public int Connections { get; init; }

    public long MaxBytes { get; init; }

    public int Runs { get; init; }

    public string? Launcher { get; init; }

    public IReadOnlyDictionary<string, string> ClientOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>Keys for the proxy alone (its kafka-rest.properties: producer.*, consumer.*, or its own keys), applied last.</summary>
    public IReadOnlyDictionary<string, string> ProxyOverrides { get; init; } = new Dictionary<string, string>();

    public static Command Command(Func<RestBenchOptions, CancellationToken, Task<int>> run)
    {
        var records = new Option<long>("--records", "-n") { Description = "Records of 100 B per phase.", DefaultValueFactory = _ => 1_000_000 };
        var batches = new Option<int[]>("--batch") { Description = "Records per REST produce request; one phase per value.", DefaultValueFactory = _ => [100, 1000], AllowMultipleArgumentsPerToken = true };
        var connections = new Option<int>("--connections", "-c") { Description = "Concurrent HTTP connections of the REST produce phases.", DefaultValueFactory = _ => 16 };
        var maxBytes = new Option<long>("--max-bytes") { Description = "max_bytes of each records GET of the REST consume phase.", DefaultValueFactory = _ => 1_000_000 };
        var runs = new Option<int>("--runs") { Description = "Repetitions, each on a fresh broker and proxy; the table shows medians.", DefaultValueFactory = _ => 3 };
        var launcher = new Option<string?>("--wharf") { Description = "The wharf launcher or executable (default: the repository's ./wharf, which builds Release)." };
        var clientOverride = new Option<string[]>("-X") { Description = "librdkafka key=value for the native clients and the proxy's, or producer.key=value / consumer.key=value (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var proxyOverride = new Option<string[]>("-P") { Description = "A kafka-rest.properties key=value for the proxy alone, applied after the shared settings, e.g. producer.linger.ms=0 (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("rest", "REST Proxy benchmark: `wharf rest-proxy` produce and consume (binary format) against native Confluent.Kafka on the same `wharf broker`.")
        {
            records, batches, connections, maxBytes, runs, launcher, clientOverride, proxyOverride,
        };
        command.SetAction((result, cancellationToken) => run(
            new RestBenchOptions
            {
                Records = Math.Max(1, result.GetValue(records)),
                Batches = result.GetValue(batches) is { Length: > 0 } chosen ? chosen.Where(b => b > 0).Distinct().ToList() : [100, 1000],
                Connections = Math.Max(1, result.GetValue(connections)),
                MaxBytes = Math.Max(1, result.GetValue(maxBytes)),
                Runs = Math.Max(1, result.GetValue(runs)),
                Launcher = result.GetValue(launcher),
                ClientOverrides = ClientSettings.ParseOverrides(result.GetValue(clientOverride)),
                ProxyOverrides = ClientSettings.ParseOverrides(result.GetValue(proxyOverride)),
            },
            cancellationToken));
        return command;
    }
}
