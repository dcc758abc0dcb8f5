using System.Globalization;

namespace Wharf.Bench;

/// <summary>
/// The REST benchmark: per run a fresh `wharf broker` and a `wharf rest-proxy` for it (each its own process, so
/// each one's CPU is read from /proc), then warm-up, native produce, REST produce for each batch size, native
/// consume and REST consume, all of 100 B records. The proxy's librdkafka clients get the same settings as the
/// native ones (passed as producer.* and consumer.* keys), so the difference is the proxy's own work. The REST
/// phases are compared with the native phase of the same direction ("vs native").
/// </summary>
internal sealed class RestBenchRunner(RestBenchOptions options, TextWriter output)
{
    private const int Size = RestBenchOptions.RecordSize;
    private const string Acks = "all";
    private const string NativeProduce = "native produce";
    private const string NativeConsume = "native consume";
    private const string RestConsume = "REST consume";

    /// <summary>Enough traffic for the proxy's and the broker's request paths to reach tier-1 code before the clock starts.</summary>
    private const long WarmupRecords = 300_000;

    private readonly ClientSettings _settings = new(options.ClientOverrides);

    public async Task<int> RunAsync()
    {
        Wharf.Clients.KafkaClientLibrary.EnsureLoaded();
        output.WriteLine("Wharf REST Proxy benchmark");
        output.WriteLine($"  machine: {Environment.ProcessorCount} cores; load average {ProcFs.LoadAverage()}");
        output.WriteLine($"  records: {options.Records:N0} x {Size} B per phase (binary format), produce batches of {string.Join(" and ", options.Batches)} over {options.Connections} connection(s), consume max_bytes={options.MaxBytes}, {options.Runs} run(s)");
        output.WriteLine("  proxy settings: " + string.Join(' ', ProxySettings()));
        var launcher = WharfProcess.FindLauncher(options.Launcher);
        var runs = new List<List<RestMeasurement>>();
        for (var run = 1; run <= options.Runs; run++)
        {
            output.WriteLine();
            output.WriteLine($"run {run} of {options.Runs} (load average before: {ProcFs.LoadAverage()})");
            await using var broker = await WharfProcess.StartBrokerAsync(launcher, [], TimeSpan.FromMinutes(10));
            await using var proxy = await WharfProcess.StartRestProxyAsync(launcher, broker.BootstrapServers, ProxySettings(), TimeSpan.FromMinutes(2));
            output.WriteLine($"  broker pid {broker.Pid} at {broker.BootstrapServers}, proxy pid {proxy.Pid} at http://127.0.0.1:{proxy.Port}");
            runs.Add(await RunOnceAsync(run, broker, proxy));
        }

        PrintSummary(runs);
        return 0;
    }

    private async Task<List<RestMeasurement>> RunOnceAsync(int run, WharfProcess broker, WharfProcess proxy)
    {
        var native = new ConfluentClient(broker.BootstrapServers, _settings, broker.Pid);
        using var rest = new RestClient(new Uri($"http://127.0.0.1:{proxy.Port}/"), options.Connections, broker.Pid, proxy.Pid);
        var suffix = "-" + run + "-" + Guid.NewGuid().ToString("N")[..6];
        var measurements = new List<RestMeasurement>();
        void Report(RestMeasurement m)
        {
            measurements.Add(m);
            output.WriteLine("  " + Row(m));
        }

        RestMeasurement Native(Func<Measurement> phase)
        {
            var before = ProcFs.CpuSeconds(proxy.Pid);
            var common = phase();
            return new RestMeasurement(common, ProcFs.CpuSeconds(proxy.Pid) - before);
        }

        var warmup = "bench-rest-warmup" + suffix;
        await native.CreateTopicAsync(warmup, 1);
        native.Produce("warm-up", warmup, WarmupRecords, Size, Acks);
        await rest.ProduceAsync("warm-up", warmup, WarmupRecords, options.Batches.Max(), options.Connections);
        await rest.ConsumeAsync("warm-up", warmup, WarmupRecords, options.MaxBytes);

        var nativeTopic = "bench-native" + suffix;
        await native.CreateTopicAsync(nativeTopic, 1);
        Report(Native(() => native.Produce(NativeProduce, nativeTopic, options.Records, Size, Acks)));
        string? restTopic = null;
        foreach (var batch in options.Batches)
        {
            restTopic = $"bench-rest-{batch}{suffix}";
            await native.CreateTopicAsync(restTopic, 1);
            Report(await rest.ProduceAsync(RestProduce(batch), restTopic, options.Records, batch, options.Connections));
        }

        Report(Native(() => native.Consume(NativeConsume, nativeTopic, 1, options.Records, Size)));
        Report(await rest.ConsumeAsync(RestConsume, restTopic!, options.Records, options.MaxBytes));
        return measurements;
    }

    private static string RestProduce(int batch) => $"REST produce batch {batch}";

    /// <summary>The native clients' librdkafka settings, as the proxy's producer.* and consumer.* keys, then the proxy's own -P keys.</summary>
    private List<string> ProxySettings()
    {
        var shared = _settings.Producer(Acks).Select(kv => new KeyValuePair<string, string>("producer." + kv.Key, kv.Value))
            .Concat(_settings.Consumer().Select(kv => new KeyValuePair<string, string>("consumer." + kv.Key, kv.Value)));
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in shared.Concat(options.ProxyOverrides))
        {
            merged[key] = value;
        }

        return [.. merged.Select(kv => kv.Key + "=" + kv.Value)];
    }

    private void PrintSummary(List<List<RestMeasurement>> runs)
    {
        output.WriteLine();
        output.WriteLine($"Medians of {runs.Count} run(s); vs native: REST records/s over native records/s of the same direction (targets: produce >= 80 %, consume >= 50 %)");
        output.WriteLine();
        output.WriteLine("| phase | records | records/s | MB/s | vs native | proxy CPU | proxy ms/MB | broker CPU | client CPU | others' CPU |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var medians = runs[0].Select(m => m.Common.Phase).ToDictionary(phase => phase, phase => Median(runs.Select(r => r.First(m => m.Common.Phase == phase))));
        foreach (var (phase, median) in medians)
        {
            var reference = phase.StartsWith("REST produce", StringComparison.Ordinal) ? medians[NativeProduce] : phase == RestConsume ? medians[NativeConsume] : null;
            var ratio = reference is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{100 * median.Common.RecordsPerSecond / reference.Common.RecordsPerSecond:N0} %");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phase} | {median.Common.Records:N0} | {median.Common.RecordsPerSecond:N0} | {median.Common.MegabytesPerSecond:N1} | {ratio} | {median.ProxyPercent:N0} % | {median.ProxyMillisecondsPerMegabyte:N2} | {median.Common.BrokerPercent:N0} % | {median.Common.ClientPercent:N0} % | {median.OtherPercent:N0} % |"));
        }

        output.WriteLine();
        output.WriteLine("CPU is a share of one core (this machine has " + Environment.ProcessorCount + "); proxy ms/MB is the proxy's CPU time per MB of values moved;");
        output.WriteLine("client is this benchmark (Confluent.Kafka in the native phases, HttpClient in the REST ones); others' CPU is everything else the machine ran meanwhile.");
    }

    /// <summary>The run with the median records/s (its other columns come from the same run).</summary>
    private static RestMeasurement Median(IEnumerable<RestMeasurement> measurements)
    {
        var sorted = measurements.OrderBy(m => m.Common.RecordsPerSecond).ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Row(RestMeasurement m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.Common.Phase,-26} {m.Common.Records,11:N0} in {m.Common.Elapsed.TotalSeconds,6:N2} s  {m.Common.RecordsPerSecond,10:N0} rec/s {m.Common.MegabytesPerSecond,7:N1} MB/s  proxy {m.ProxyPercent,4:N0} %  broker {m.Common.BrokerPercent,4:N0} %  client {m.Common.ClientPercent,4:N0} %  others {m.OtherPercent,4:N0} %");
}
