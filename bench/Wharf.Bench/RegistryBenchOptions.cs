using System.CommandLine;

namespace Wharf.Bench;

/// <summary>What the Schema Registry benchmark (`wharf-bench registry`) runs, from the command line (see bench/README.md).</summary>
internal sealed record RegistryBenchOptions
{
    public int Connections { get; init; }

    /// <summary>Wall time of each request-rate phase.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Rounds of the four request-rate phases (registry and bare, by id and lookup), alternating; the table shows medians.</summary>
    public int Rounds { get; init; }

    public int Registrations { get; init; }

    public int AvroRecords { get; init; }

    /// <summary>Minimum wall time of each Avro encode or decode loop, on each side.</summary>
    public TimeSpan AvroDuration { get; init; }

    public string? Launcher { get; init; }

    public static Command Command(Func<RegistryBenchOptions, CancellationToken, Task<int>> run)
    {
        var connections = new Option<int>("--connections", "-c") { Description = "Concurrent HTTP connections of the request phases.", DefaultValueFactory = _ => 8 };
        var seconds = new Option<double>("--seconds") { Description = "Wall time of each request-rate phase.", DefaultValueFactory = _ => 5 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of the request-rate phases (registry and bare endpoint alternate); the table shows medians.", DefaultValueFactory = _ => 3 };
        var registrations = new Option<int>("--registrations") { Description = "Distinct schemas registered in the registration phase.", DefaultValueFactory = _ => 2000 };
        var avroRecords = new Option<int>("--avro-records") { Description = "Records of the Avro encode/decode phase (each side loops over them).", DefaultValueFactory = _ => 10_000 };
        var avroSeconds = new Option<double>("--avro-seconds") { Description = "Minimum wall time of each Avro loop, on each side.", DefaultValueFactory = _ => 3 };
        var launcher = new Option<string?>("--wharf") { Description = "The wharf launcher or executable (default: the repository's ./wharf, which builds Release)." };
        var command = new Command("registry", "Schema Registry benchmark: `wharf schema-registry` lookups against a bare Kestrel endpoint, registrations, and Wharf.Avro against python3-avro.")
        {
            connections, seconds, rounds, registrations, avroRecords, avroSeconds, launcher,
        };
        command.SetAction((result, cancellationToken) => run(
            new RegistryBenchOptions
            {
                Connections = Math.Max(1, result.GetValue(connections)),
                Duration = TimeSpan.FromSeconds(Math.Max(0.5, result.GetValue(seconds))),
                Rounds = Math.Max(1, result.GetValue(rounds)),
                Registrations = Math.Max(1, result.GetValue(registrations)),
                AvroRecords = Math.Max(1, result.GetValue(avroRecords)),
                AvroDuration = TimeSpan.FromSeconds(Math.Max(0.5, result.GetValue(avroSeconds))),
                Launcher = result.GetValue(launcher),
            },
            cancellationToken));
        return command;
    }
}
