using System.Globalization;

namespace Wharf.Bench;

/// <summary>
/// Runs the phases (warm-up; produce 100 B with acks=1 and acks=all; consume; the same with 1 KiB; optionally
/// kcat; then the memory phase: store a gigabyte, read it back, read the broker's RSS) once per run, each run on
/// a fresh broker, and prints every figure as it comes and the medians at the end.
/// </summary>
internal sealed class BenchRunner(BenchOptions options, TextWriter output)
{
    private const int SmallRecord = BenchOptions.SmallRecord;
    private const int LargeRecord = BenchOptions.LargeRecord;
    /// <summary>
    /// Enough requests (a megabyte each) for the broker's and the client's request paths to reach tier-1 code
    /// (the JIT recompiles a method after 30 calls): otherwise the first phase pays for compilation.
    /// </summary>
    private const long WarmupRecords = 1_000_000;

    private readonly ClientSettings _settings = new(options.ClientOverrides);

    public async Task<int> RunAsync()
    {
        Wharf.Clients.KafkaClientLibrary.EnsureLoaded();
        PrintHeader();
        var runs = new List<RunResult>();
        for (var run = 1; run <= options.Runs; run++)
        {
            var load = ProcFs.LoadAverage();
            output.WriteLine();
            output.WriteLine($"run {run} of {options.Runs} (load average before: {load})");
            if (options.Bootstrap is { } bootstrap)
            {
                runs.Add(await RunOnceAsync(run, load, bootstrap, options.BrokerPid, null));
            }
            else
            {
                await using var broker = await WharfProcess.StartBrokerAsync(WharfProcess.FindLauncher(options.Launcher), options.BrokerOverrides, TimeSpan.FromMinutes(10));
                output.WriteLine($"  broker pid {broker.Pid} at {broker.BootstrapServers}");
                runs.Add(await RunOnceAsync(run, load, broker.BootstrapServers, broker.Pid, broker));
            }
        }

        PrintSummary(runs);
        return 0;
    }

    private async Task<RunResult> RunOnceAsync(int run, string load, string bootstrap, int brokerPid, WharfProcess? broker)
    {
        var scratch = Directory.CreateTempSubdirectory("wharf-bench-client-").FullName;
        try
        {
            var client = new ConfluentClient(bootstrap, _settings, brokerPid);
            var suffix = "-" + run + "-" + Guid.NewGuid().ToString("N")[..6];
            var measurements = new List<Measurement>();
            void Report(Measurement m)
            {
                measurements.Add(m);
                output.WriteLine("  " + Row(m));
            }

            var warmup = "bench-warmup" + suffix;
            await client.CreateTopicAsync(warmup, options.Partitions);
            var warmupLarge = "bench-warmup-large" + suffix;
            await client.CreateTopicAsync(warmupLarge, options.Partitions);
            client.Produce("warm-up", warmup, WarmupRecords, SmallRecord, "1");
            client.Consume("warm-up", warmup, options.Partitions, WarmupRecords, SmallRecord);
            client.Produce("warm-up", warmupLarge, WarmupRecords / 10, LargeRecord, "all");
            client.Consume("warm-up", warmupLarge, options.Partitions, WarmupRecords / 10, LargeRecord);

            foreach (var size in options.Sizes)
            {
                var count = options.RecordsOf(size);
                var acksOne = $"bench-{size}-acks1{suffix}";
                var acksAll = $"bench-{size}-acksall{suffix}";
                await client.CreateTopicAsync(acksOne, options.Partitions);
                await client.CreateTopicAsync(acksAll, options.Partitions);
                Report(client.Produce($"produce {SizeName(size)} acks=1", acksOne, count, size, "1"));
                Report(client.Produce($"produce {SizeName(size)} acks=all", acksAll, count, size, "all"));
                Report(client.Consume($"consume {SizeName(size)}", acksOne, options.Partitions, count, size));
            }

            var peak = brokerPid > 0 ? ProcFs.Memory(brokerPid).Peak : 0;
            output.WriteLine($"  broker peak RSS after the throughput phases: {Megabytes(peak)}");

            if (options.Kcat && KcatClient.Installed)
            {
                var kcat = new KcatClient(bootstrap, _settings, brokerPid, scratch);
                foreach (var size in options.Sizes)
                {
                    var count = options.RecordsOf(size);
                    var topic = $"kcat-{size}{suffix}";
                    await client.CreateTopicAsync(topic, 1);
                    Report(await kcat.ProduceAsync($"kcat produce {SizeName(size)} acks=1", topic, count, size, "1"));
                    Report(await kcat.ConsumeAsync($"kcat consume {SizeName(size)}", topic, count, size));
                }
            }

            var memory = options.StoreBytes > 0 ? await StoreAsync(client, suffix, brokerPid, broker, Report) : null;
            return new RunResult(run, load, measurements, peak, memory);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>The memory phase: a gigabyte of 1 KiB records in, part of it read back, then the broker's RSS.</summary>
    private async Task<MemoryFigures> StoreAsync(ConfluentClient client, string suffix, int brokerPid, WharfProcess? broker, Action<Measurement> report)
    {
        var topic = "bench-store" + suffix;
        var count = (options.StoreBytes + LargeRecord - 1) / LargeRecord;
        await client.CreateTopicAsync(topic, options.Partitions);
        report(client.Produce($"store {count * LargeRecord / (1 << 20)} MiB of 1 KiB", topic, count, LargeRecord, "1"));
        var readBack = (long)(count * options.ReadBackFraction);
        if (readBack > 0)
        {
            report(client.Consume($"read back {readBack * LargeRecord / (1 << 20)} MiB", topic, options.Partitions, readBack, LargeRecord));
        }

        var (rss, peak) = brokerPid > 0 ? ProcFs.Memory(brokerPid) : (0, 0);
        var stored = broker?.StoredBytes ?? 0;
        output.WriteLine($"  broker after storing {Megabytes(stored)} in all: VmRSS {Megabytes(rss)}, VmHWM (peak) {Megabytes(peak)}");
        return new MemoryFigures(stored, rss, peak);
    }

    private void PrintHeader()
    {
        output.WriteLine("Wharf broker benchmark");
        output.WriteLine($"  machine: {Environment.ProcessorCount} cores; load average {ProcFs.LoadAverage()}");
        output.WriteLine($"  client: Confluent.Kafka {typeof(Confluent.Kafka.Library).Assembly.GetName().Version} on librdkafka {Wharf.Clients.KafkaClientLibrary.NativeVersion}");
        output.WriteLine($"  records: {string.Join(" and ", options.Sizes.Select(size => $"{options.RecordsOf(size):N0} x {SizeName(size)}"))} per phase, {options.Partitions} partition(s), {options.Runs} run(s)");
        output.WriteLine("  producer: " + Format(_settings.Producer("1|all").Concat(ClientSettings.DotnetProducer)));
        output.WriteLine("  consumer: " + Format(_settings.Consumer().Concat(ClientSettings.DotnetConsumer)));
        if (options.BrokerOverrides.Count > 0)
        {
            output.WriteLine("  broker overrides: " + string.Join(' ', options.BrokerOverrides));
        }
    }

    private static string Format(IEnumerable<KeyValuePair<string, string>> settings) =>
        string.Join(' ', settings.Select(kv => kv.Key + "=" + kv.Value));

    private void PrintSummary(List<RunResult> runs)
    {
        output.WriteLine();
        output.WriteLine($"Medians of {runs.Count} run(s) (load average before each: {string.Join("; ", runs.Select(r => r.LoadAverage))})");
        output.WriteLine();
        output.WriteLine("| phase | records | records/s | MB/s | broker CPU | broker ms/MB | client CPU | others' CPU |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var phase in runs[0].Measurements.Select(m => m.Phase))
        {
            var all = runs.Select(r => r.Measurements.First(m => m.Phase == phase)).OrderBy(m => m.RecordsPerSecond).ToList();
            var median = all[all.Count / 2];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phase} | {median.Records:N0} | {median.RecordsPerSecond:N0} | {median.MegabytesPerSecond:N1} | {Median(all, m => m.BrokerPercent):N0} % | {Median(all, m => m.BrokerMillisecondsPerMegabyte):N2} | {Median(all, m => m.ClientPercent):N0} % | {Median(all, m => m.OtherPercent):N0} % |"));
        }

        output.WriteLine();
        output.WriteLine($"broker peak RSS (VmHWM) after the throughput phases: {Megabytes(Median(runs, r => r.PeakAfterThroughput))}");
        if (runs[0].Memory is not null)
        {
            output.WriteLine($"broker after storing {Megabytes(Median(runs, r => r.Memory!.StoredBytes))}: VmRSS {Megabytes(Median(runs, r => r.Memory!.Rss))}, VmHWM {Megabytes(Median(runs, r => r.Memory!.Peak))}");
        }

        output.WriteLine("CPU is a share of one core (this machine has " + Environment.ProcessorCount + "); broker ms/MB is the broker's CPU time per MB of values moved;");
        output.WriteLine("others' CPU is everything else the machine ran meanwhile.");
    }

    private static double Median<T>(IEnumerable<T> items, Func<T, double> value)
    {
        var sorted = items.Select(value).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static long Median<T>(IEnumerable<T> items, Func<T, long> value)
    {
        var sorted = items.Select(value).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Row(Measurement m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Phase,-28} {m.Records,11:N0} in {m.Elapsed.TotalSeconds,6:N2} s  {m.RecordsPerSecond,10:N0} rec/s {m.MegabytesPerSecond,7:N1} MB/s  broker {m.BrokerPercent,4:N0} % {m.BrokerMillisecondsPerMegabyte,5:N2} ms/MB  client {m.ClientPercent,4:N0} %  others {m.OtherPercent,4:N0} %");

    private static string SizeName(int size) => size == LargeRecord ? "1 KiB" : size + " B";

    private static string Megabytes(long bytes) => bytes <= 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N0} MiB");

    private sealed record MemoryFigures(long StoredBytes, long Rss, long Peak);

    private sealed record RunResult(int Run, string LoadAverage, List<Measurement> Measurements, long PeakAfterThroughput, MemoryFigures? Memory);
}
