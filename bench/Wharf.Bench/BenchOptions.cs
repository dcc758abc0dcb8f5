using System.CommandLine;

namespace Wharf.Bench;

/// <summary>What to run, from the command line (see bench/README.md).</summary>
internal sealed record BenchOptions
{
    public const int SmallRecord = 100;
    public const int LargeRecord = 1024;

    public long Records { get; init; }

    /// <summary>Record sizes of the throughput phases: 100 and 1024 (1 KiB).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [SmallRecord, LargeRecord];

    public int Runs { get; init; }

    public int Partitions { get; init; }

    public long StoreBytes { get; init; }

    public double ReadBackFraction { get; init; }

    public bool Kcat { get; init; }

    public string? Bootstrap { get; init; }

    public int BrokerPid { get; init; }

    public string? Launcher { get; init; }

    public IReadOnlyList<string> BrokerOverrides { get; init; } = [];

    public IReadOnlyDictionary<string, string> ClientOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>Records of 1 KiB: as many bytes as the 100-byte phase, so both phases move the same volume.</summary>
    public long RecordsOf(int size) => size == SmallRecord ? Records : Math.Max(1, Records * SmallRecord / size);

    public static RootCommand Command(Func<BenchOptions, CancellationToken, Task<int>> run)
    {
        var records = new Option<long>("--records", "-n") { Description = "Records of 100 B per produce phase (the 1 KiB phases move the same bytes).", DefaultValueFactory = _ => 2_000_000 };
        var sizes = new Option<int[]>("--sizes") { Description = "Record sizes of the throughput phases (100 and/or 1024).", DefaultValueFactory = _ => [SmallRecord, LargeRecord], AllowMultipleArgumentsPerToken = true };
        var runs = new Option<int>("--runs") { Description = "Repetitions, each on a fresh broker; the table shows medians.", DefaultValueFactory = _ => 3 };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of each benchmark topic.", DefaultValueFactory = _ => 1 };
        var store = new Option<long>("--store-mb") { Description = "MiB of 1 KiB records written in the memory phase (0 skips it).", DefaultValueFactory = _ => 1024 };
        var readBack = new Option<double>("--read-back") { Description = "Fraction of the stored records read back in the memory phase.", DefaultValueFactory = _ => 1.0 };
        var kcat = new Option<bool>("--kcat") { Description = "Also measure kcat (librdkafka's C client) with the same settings." };
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Use a running broker at host:port instead of starting one." };
        var brokerPid = new Option<int>("--broker-pid") { Description = "With --bootstrap: the broker's process id, to read its CPU and memory." };
        var launcher = new Option<string?>("--wharf") { Description = "The wharf launcher or executable (default: the repository's ./wharf, which builds Release)." };
        var brokerOverride = new Option<string[]>("--broker-override", "-o") { Description = "server.properties key=value for the started broker (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var clientOverride = new Option<string[]>("-X") { Description = "librdkafka key=value for both clients, or producer.key=value / consumer.key=value (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var command = new RootCommand("Wharf broker benchmark: Confluent.Kafka (and kcat) against a `wharf broker` process.")
        {
            records, sizes, runs, partitions, store, readBack, kcat, bootstrap, brokerPid, launcher, brokerOverride, clientOverride,
        };
        command.SetAction((result, cancellationToken) => run(
            new BenchOptions
            {
                Records = result.GetValue(records),
                Sizes = result.GetValue(sizes) is { Length: > 0 } chosen ? chosen.Where(s => s is SmallRecord or LargeRecord).Distinct().ToList() : [SmallRecord, LargeRecord],
                Runs = Math.Max(1, result.GetValue(runs)),
                Partitions = Math.Max(1, result.GetValue(partitions)),
                StoreBytes = Math.Max(0, result.GetValue(store)) * 1024 * 1024,
                ReadBackFraction = Math.Clamp(result.GetValue(readBack), 0, 1),
                Kcat = result.GetValue(kcat),
                Bootstrap = result.GetValue(bootstrap),
                BrokerPid = result.GetValue(brokerPid),
                Launcher = result.GetValue(launcher),
                BrokerOverrides = result.GetValue(brokerOverride) ?? [],
                ClientOverrides = ClientSettings.ParseOverrides(result.GetValue(clientOverride)),
            },
            cancellationToken));
        return command;
    }
}
