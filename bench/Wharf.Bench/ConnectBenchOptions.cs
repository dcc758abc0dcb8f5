using System.CommandLine;

namespace Wharf.Bench;

/// <summary>What the Connect benchmark (`wharf-bench connect`) runs, from the command line (see bench/README.md).</summary>
internal sealed record ConnectBenchOptions
{
    /// <summary>Line size of the file (the newline not counted): the 100 B lines.</summary>
    public const int RecordSize = 100;

    /// <summary>Megabytes (10^6 B) of line content in the file; records = MB × 10^6 / 100.</summary>
    public long Megabytes { get; init; }

    public int Runs { get; init; }

    public bool Kcat { get; init; }

    public string? Launcher { get; init; }

    public IReadOnlyList<string> WorkerOverrides { get; init; } = [];

    public IReadOnlyDictionary<string, string> ClientOverrides { get; init; } = new Dictionary<string, string>();

    public long Records => Megabytes * 1_000_000 / RecordSize;

    public static Command Command(Func<ConnectBenchOptions, CancellationToken, Task<int>> run)
    {
        var megabytes = new Option<long>("--mb") { Description = "Megabytes of 100 B lines in the file (default 1000: the issue's 1 GB).", DefaultValueFactory = _ => 1000 };
        var runs = new Option<int>("--runs") { Description = "Repetitions, each on a fresh broker and worker; the table shows medians.", DefaultValueFactory = _ => 1 };
        var noKcat = new Option<bool>("--no-kcat") { Description = "Skip the kcat reference phases." };
        var launcher = new Option<string?>("--wharf") { Description = "The wharf launcher or executable (default: the repository's ./wharf, which builds Release)." };
        var worker = new Option<string[]>("-w") { Description = "Worker property key=value for the connect-standalone worker (repeatable), e.g. -w producer.linger.ms=5.", Arity = ArgumentArity.ZeroOrMore };
        var clientOverride = new Option<string[]>("-X") { Description = "librdkafka key=value for kcat, or producer.key=value / consumer.key=value (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("connect", "Kafka Connect benchmark: FileStreamSource and FileStreamSink (`wharf connect-standalone`) moving a file of 100 B lines, against kcat -P -l / kcat -C on the same `wharf broker`.")
        {
            megabytes, runs, noKcat, launcher, worker, clientOverride,
        };
        command.SetAction((result, cancellationToken) => run(
            new ConnectBenchOptions
            {
                Megabytes = Math.Max(1, result.GetValue(megabytes)),
                Runs = Math.Max(1, result.GetValue(runs)),
                Kcat = !result.GetValue(noKcat),
                Launcher = result.GetValue(launcher),
                WorkerOverrides = result.GetValue(worker) ?? [],
                ClientOverrides = ClientSettings.ParseOverrides(result.GetValue(clientOverride)),
            },
            cancellationToken));
        return command;
    }
}
