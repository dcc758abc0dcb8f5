using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Confluent.Kafka;

namespace Wharf.Bench;

/// <summary>
/// The Connect benchmark: per run a fresh `wharf broker` and a `wharf connect-standalone` worker for it (each its
/// own process), a file of 100 B lines, then:
/// <list type="number">
/// <item>`kcat produce`: <c>kcat -P -l file</c> into a topic (the reference of the source direction);</item>
/// <item>`FileStreamSource`: a FileStreamSource connector (StringConverter) reading the file into another topic,
/// timed from its first record in the topic until the topic's high watermark holds every line (the time from its
/// creation to the first record, task start-up, is printed apart);</item>
/// <item>`kcat consume`: <c>kcat -C -e -o beginning</c> reading the kcat topic;</item>
/// <item>`FileStreamSink`: a FileStreamSink connector writing the source topic back to a file, timed from its first
/// line in the file until the file is as long as the input (start-up, with the consumer group join, printed
/// apart); the two files must be equal in length.</item>
/// </list>
/// The worker's producer and consumer get kcat's librdkafka settings (producer.* / consumer.* worker keys; -w adds
/// or replaces any). The worker's CPU shows in the client column of the connector phases, kcat's in the kcat phases.
/// </summary>
internal sealed class ConnectBenchRunner(ConnectBenchOptions options, TextWriter output)
{
    private const int Size = ConnectBenchOptions.RecordSize;

    private readonly ClientSettings _settings = new(options.ClientOverrides);

    public async Task<int> RunAsync()
    {
        Wharf.Clients.KafkaClientLibrary.EnsureLoaded();
        var scratch = Directory.CreateTempSubdirectory("wharf-bench-connect-").FullName;
        try
        {
            output.WriteLine("Wharf Kafka Connect benchmark (FileStreamSource / FileStreamSink against kcat)");
            output.WriteLine($"  machine: {Environment.ProcessorCount} cores; load average {ProcFs.LoadAverage()}");
            output.WriteLine($"  file: {options.Records:N0} lines of {Size} B ({options.Megabytes:N0} MB of values, {options.Records * (Size + 1) / 1e6:N0} MB with newlines), {options.Runs} run(s)");
            output.WriteLine("  worker client settings (as kcat's): " + string.Join(' ', ClientSettingsForWorker()));
            output.WriteLine("  worker overrides: " + (options.WorkerOverrides.Count == 0 ? "none" : string.Join(' ', options.WorkerOverrides)));
            var input = await KcatClient.InputFileAsync(scratch, options.Records, Size);
            var launcher = WharfProcess.FindLauncher(options.Launcher);
            var runs = new List<List<Measurement>>();
            for (var run = 1; run <= options.Runs; run++)
            {
                output.WriteLine();
                output.WriteLine($"run {run} of {options.Runs} (load average before: {ProcFs.LoadAverage()})");
                runs.Add(await RunOnceAsync(run, launcher, scratch, input));
            }

            PrintSummary(runs);
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private async Task<List<Measurement>> RunOnceAsync(int run, string launcher, string scratch, string input)
    {
        await using var broker = await WharfProcess.StartBrokerAsync(launcher, [], TimeSpan.FromMinutes(10));
        var workerProperties = Path.Combine(scratch, "worker.properties");
        await File.WriteAllLinesAsync(workerProperties, [
            "key.converter=org.apache.kafka.connect.storage.StringConverter",
            "value.converter=org.apache.kafka.connect.storage.StringConverter",
            "offset.storage.file.filename=" + Path.Combine(scratch, "offsets-" + run),
            "offset.flush.interval.ms=10000",
            .. ClientSettingsForWorker(),
            .. options.WorkerOverrides,
        ]);
        await using var worker = await WharfProcess.StartConnectStandaloneAsync(launcher, workerProperties, broker.BootstrapServers, TimeSpan.FromMinutes(2));
        output.WriteLine($"  broker pid {broker.Pid} at {broker.BootstrapServers}, worker pid {worker.Pid} at http://127.0.0.1:{worker.Port}");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{worker.Port}/"), Timeout = TimeSpan.FromMinutes(2) };
        var client = new ConfluentClient(broker.BootstrapServers, _settings, broker.Pid);
        var measurements = new List<Measurement>();
        void Report(Measurement m)
        {
            measurements.Add(m);
            output.WriteLine("  " + Row(m));
        }

        var suffix = "-" + run + "-" + Guid.NewGuid().ToString("N")[..6];
        var kcat = new KcatClient(broker.BootstrapServers, _settings, broker.Pid, scratch);
        var kcatTopic = "bench-kcat" + suffix;
        if (options.Kcat)
        {
            await client.CreateTopicAsync(kcatTopic, 1);
            Report(await kcat.ProduceAsync("kcat produce", kcatTopic, options.Records, Size, "all"));
        }

        var sourceTopic = "bench-connect" + suffix;
        await client.CreateTopicAsync(sourceTopic, 1);
        var started = Stopwatch.StartNew();
        await CreateConnectorAsync(http, "bench-source", new Dictionary<string, string>
        {
            ["connector.class"] = "FileStreamSource",
            ["tasks.max"] = "1",
            ["file"] = input,
            ["topic"] = sourceTopic,
        });
        await WaitForAsync("FileStreamSource", () => HighWatermark(broker.BootstrapServers, sourceTopic) > 0);
        var clock = CpuClock.Start(broker.Pid, () => ProcFs.CpuSeconds(worker.Pid));
        var startup = started.Elapsed;
        var before = HighWatermark(broker.BootstrapServers, sourceTopic);
        await WaitForAsync("FileStreamSource", () => HighWatermark(broker.BootstrapServers, sourceTopic) >= options.Records);
        Report(clock.Stop("FileStreamSource", options.Records - before, Size));
        output.WriteLine($"    (connector start to first record: {startup.TotalSeconds:N2} s; {before:N0} records before the clock started)");
        await http.DeleteAsync("connectors/bench-source");

        if (options.Kcat)
        {
            Report(await kcat.ConsumeAsync("kcat consume", kcatTopic, options.Records, Size));
        }

        var sinkFile = Path.Combine(scratch, "sink-" + run + ".txt");
        var expectedLength = new FileInfo(input).Length;
        started.Restart();
        await CreateConnectorAsync(http, "bench-sink", new Dictionary<string, string>
        {
            ["connector.class"] = "FileStreamSink",
            ["tasks.max"] = "1",
            ["file"] = sinkFile,
            ["topics"] = sourceTopic,
        });
        await WaitForAsync("FileStreamSink", () => File.Exists(sinkFile) && new FileInfo(sinkFile).Length > 0);
        clock = CpuClock.Start(broker.Pid, () => ProcFs.CpuSeconds(worker.Pid));
        startup = started.Elapsed;
        var lineBytes = Size + 1;
        before = new FileInfo(sinkFile).Length / lineBytes;
        await WaitForAsync("FileStreamSink", () => new FileInfo(sinkFile).Length >= expectedLength);
        Report(clock.Stop("FileStreamSink", options.Records - before, Size));
        output.WriteLine($"    (connector start to first line, group join included: {startup.TotalSeconds:N2} s; {before:N0} lines before the clock started)");
        await http.DeleteAsync("connectors/bench-sink");
        var written = new FileInfo(sinkFile).Length;
        if (written != expectedLength)
        {
            throw new InvalidOperationException($"FileStreamSink wrote {written} bytes, the input has {expectedLength}.");
        }

        File.Delete(sinkFile);
        return measurements;
    }

    /// <summary>kcat's librdkafka settings as the worker's producer.* and consumer.* keys, so the comparison is about Connect's own work.</summary>
    private List<string> ClientSettingsForWorker() =>
    [
        .. _settings.Producer("all").Select(kv => $"producer.{kv.Key}={kv.Value}"),
        .. _settings.Consumer().Select(kv => $"consumer.{kv.Key}={kv.Value}"),
    ];

    private static async Task CreateConnectorAsync(HttpClient http, string name, Dictionary<string, string> config)
    {
        using var response = await http.PostAsJsonAsync("connectors", new { name, config });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Polls every 20 ms; gives up after an hour (a stuck connector, not a slow one).</summary>
    private static async Task WaitForAsync(string phase, Func<bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            if (deadline.Elapsed > TimeSpan.FromHours(1))
            {
                throw new TimeoutException(phase + " did not finish within an hour.");
            }

            await Task.Delay(20);
        }
    }

    private static long HighWatermark(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "wharf-bench-watermarks" }).Build();
        return consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).High.Value;
    }

    private static string Row(Measurement m) =>
        $"{m.Phase,-17} {m.Records,12:N0} records {m.Elapsed.TotalSeconds,8:N2} s {m.RecordsPerSecond,12:N0} records/s {m.MegabytesPerSecond,8:N1} MB/s  broker {m.BrokerPercent,4:N0} %  client {m.ClientPercent,4:N0} %";

    private void PrintSummary(List<List<Measurement>> runs)
    {
        output.WriteLine();
        output.WriteLine($"Medians of {runs.Count} run(s)");
        output.WriteLine("| phase | records | records/s | MB/s | broker CPU | client CPU | client ms/MB | vs kcat |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        double MedianRate(string phase) => Median(runs.SelectMany(r => r).Where(m => m.Phase == phase).Select(m => m.RecordsPerSecond));
        foreach (var phase in runs[0].Select(m => m.Phase))
        {
            var all = runs.SelectMany(r => r).Where(m => m.Phase == phase).ToList();
            var rate = MedianRate(phase);
            var reference = phase switch
            {
                "FileStreamSource" when options.Kcat => MedianRate("kcat produce"),
                "FileStreamSink" when options.Kcat => MedianRate("kcat consume"),
                _ => double.NaN,
            };
            var versus = double.IsNaN(reference) ? "" : (100 * rate / reference).ToString("N0", CultureInfo.InvariantCulture) + " %";
            output.WriteLine($"| {phase} | {all[0].Records:N0} | {rate:N0} | {rate * Size / 1e6:N1} | {Median(all.Select(m => m.BrokerPercent)):N0} % | {Median(all.Select(m => m.ClientPercent)):N0} % | {Median(all.Select(m => m.ClientMillisecondsPerMegabyte)):N1} | {versus} |");
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
