using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Wharf.Bench;

/// <summary>
/// The Schema Registry benchmark, in one run: a fresh `wharf broker` and a `wharf schema-registry` for it (each its
/// own process), one schema registered; then a bare Kestrel endpoint (<see cref="BareEndpoint"/>, its own process
/// too) serving the registry's own answers to <c>GET /schemas/ids/{id}</c> and <c>POST /subjects/{s}</c>. Rounds of
/// those two requests against the registry and against the bare endpoint alternate, over the same connections
/// count, and the registry's rate is compared with the bare one's ("vs bare"). Then the registration of distinct
/// schemas, and Wharf.Avro's encode and decode rates against python3-avro's (<see cref="AvroRates"/>).
/// </summary>
internal sealed class RegistryBenchRunner(RegistryBenchOptions options, TextWriter output)
{
    private const string Subject = "bench-orders-value";
    private const string RegistrationSubject = "bench-registrations";
    private const string ById = "GET /schemas/ids/{id}";
    private const string Lookup = "POST /subjects/{s} (lookup)";
    private const string Register = "POST /subjects/{s}/versions (new schemas)";
    private const string Registry = "registry";
    private const string Bare = "bare Kestrel";

    /// <summary>Long enough for both servers' request paths to reach tier-1 code before the clock starts.</summary>
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);

    public async Task<int> RunAsync()
    {
        output.WriteLine("Wharf Schema Registry benchmark");
        output.WriteLine($"  machine: {Environment.ProcessorCount} cores; load average {ProcFs.LoadAverage()}");
        output.WriteLine($"  requests: {options.Connections} connection(s), {options.Rounds} round(s) of {options.Duration.TotalSeconds:N0} s per server and request; {options.Registrations:N0} registrations; Avro: {options.AvroRecords:N0} records, loops of at least {options.AvroDuration.TotalSeconds:N0} s");
        var launcher = WharfProcess.FindLauncher(options.Launcher);
        await using var broker = await WharfProcess.StartBrokerAsync(launcher, [], TimeSpan.FromMinutes(10));
        await using var registry = await WharfProcess.StartSchemaRegistryAsync(launcher, broker.BootstrapServers, [], TimeSpan.FromMinutes(2));
        using var registryClient = new HttpLoad(new Uri($"http://127.0.0.1:{registry.Port}/"), options.Connections);

        // Escaped as Jackson escapes it (the serializers' requests): quotes as \", not \u0022.
        var lookupBody = System.Text.Encoding.UTF8.GetBytes($"{{\"schema\":\"{JsonEncodedText.Encode(AvroRates.Schema, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"}}");
        var id = await RegisterWhenReadyAsync(registryClient, lookupBody);
        var byIdPath = $"schemas/ids/{id}";
        var lookupPath = $"subjects/{Subject}";
        var byIdAnswer = await registryClient.SendAsync(HttpMethod.Get, byIdPath, null);
        var lookupAnswer = await registryClient.SendAsync(HttpMethod.Post, lookupPath, System.Text.Encoding.UTF8.GetString(lookupBody));

        var scratch = Directory.CreateTempSubdirectory("wharf-bench-bodies-").FullName;
        try
        {
            var byIdFile = Path.Combine(scratch, "by-id.json");
            var lookupFile = Path.Combine(scratch, "lookup.json");
            await File.WriteAllBytesAsync(byIdFile, byIdAnswer);
            await File.WriteAllBytesAsync(lookupFile, lookupAnswer);
            var (program, prefix) = Self();
            await using var bare = await WharfProcess.StartProgramAsync(program,
                port => [.. prefix, "bare-endpoint", "--port", port.ToString(CultureInfo.InvariantCulture), "--schema-body", byIdFile, "--lookup-body", lookupFile],
                BareEndpoint.Environment, TimeSpan.FromMinutes(1));
            using var bareClient = new HttpLoad(new Uri($"http://127.0.0.1:{bare.Port}/"), options.Connections);
            output.WriteLine($"  broker pid {broker.Pid}, registry pid {registry.Pid} at http://127.0.0.1:{registry.Port}, bare endpoint pid {bare.Pid} at http://127.0.0.1:{bare.Port}; schema id {id}, answers of {byIdAnswer.Length} and {lookupAnswer.Length} B");
            output.WriteLine();

            var servers = new[] { (Registry, Client: registryClient, registry.Pid), (Bare, Client: bareClient, bare.Pid) };
            foreach (var (_, client, pid) in servers)
            {
                await client.RunAsync("warm-up", byIdPath, null, byIdAnswer, Warmup, pid);
                await client.RunAsync("warm-up", lookupPath, lookupBody, lookupAnswer, Warmup, pid);
            }

            var rates = new List<HttpRate>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var (request, path, body, answer) in new[] { (ById, byIdPath, (byte[]?)null, byIdAnswer), (Lookup, lookupPath, lookupBody, lookupAnswer) })
                {
                    foreach (var (server, client, pid) in servers)
                    {
                        var rate = await client.RunAsync($"{request}, {server}", path, body, answer, options.Duration, pid);
                        rates.Add(rate);
                        output.WriteLine($"  round {round}: " + Row(rate));
                    }
                }
            }

            var registrations = await RegisterDistinctAsync(registryClient, registry.Pid);
            output.WriteLine("  " + Row(registrations));
            var (wharf, python) = await new AvroRates(options.AvroRecords, options.AvroDuration).RunAsync();
            PrintSummary(rates, registrations, wharf, python);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return 0;
    }

    /// <summary>Registers the benchmark's schema, retrying while the registry has no leader yet; answers its id.</summary>
    private static async Task<int> RegisterWhenReadyAsync(HttpLoad client, byte[] body)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                var answer = await client.SendAsync(HttpMethod.Post, $"subjects/{Subject}/versions", System.Text.Encoding.UTF8.GetString(body));
                using var document = JsonDocument.Parse(answer);
                return document.RootElement.GetProperty("id").GetInt32();
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>
    /// Distinct record schemas registered under one subject whose compatibility is NONE (so every registration is a
    /// new version, not refused by a check), over all connections: each answer must carry an id no other had.
    /// </summary>
    private async Task<HttpRate> RegisterDistinctAsync(HttpLoad client, int registryPid)
    {
        await client.SendAsync(HttpMethod.Put, $"config/{RegistrationSubject}", """{"compatibility":"NONE"}""");
        var ids = new ConcurrentDictionary<int, long>();
        var rate = await client.RunEachAsync(Register, options.Registrations,
            i => ($"subjects/{RegistrationSubject}/versions",
                  $$"""{"schema":"{\"type\":\"record\",\"name\":\"Registration{{i}}\",\"namespace\":\"bench\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"f{{i}}\",\"type\":\"string\"}]}"}"""),
            (i, answer) =>
            {
                using var document = JsonDocument.Parse(answer);
                var id = document.RootElement.GetProperty("id").GetInt32();
                if (!ids.TryAdd(id, i))
                {
                    throw new InvalidOperationException($"{Register}: schemas {ids[id]} and {i} both got id {id}.");
                }
            },
            registryPid);
        return rate;
    }

    /// <summary>This program, to start it again as the bare endpoint (through dotnet when it runs as a .dll).</summary>
    private static (string Program, string[] Prefix) Self()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("This process's executable is unknown.");
        return Path.GetFileNameWithoutExtension(path) == "dotnet" ? (path, [typeof(BareEndpoint).Assembly.Location]) : (path, []);
    }

    private void PrintSummary(List<HttpRate> rates, HttpRate registrations, AvroRates.Rates wharf, AvroRates.Rates python)
    {
        output.WriteLine();
        output.WriteLine($"Medians of {options.Rounds} round(s), {options.Connections} connection(s); vs bare: the registry's requests/s over the bare Kestrel endpoint's for the same request and answer");
        output.WriteLine("(target >= 50 %); vs bare by CPU: the bare endpoint's CPU per request over the registry's (medians), what each can answer per core, steadier on a busy machine");
        output.WriteLine();
        output.WriteLine("| request | server | requests | requests/s | vs bare | vs bare by CPU | server CPU | server µs/request | client CPU | others' CPU |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var request in new[] { ById, Lookup })
        {
            var bare = Median(rates, $"{request}, {Bare}");
            var bareCost = MedianCost(rates, $"{request}, {Bare}");
            foreach (var server in new[] { Registry, Bare })
            {
                var median = Median(rates, $"{request}, {server}");
                var ratio = server == Registry
                    ? string.Create(CultureInfo.InvariantCulture, $"{100 * median.PerSecond / bare.PerSecond:N0} % | {100 * bareCost / MedianCost(rates, $"{request}, {server}"):N0} %")
                    : " | ";
                output.WriteLine(TableRow(request, server, median, ratio));
            }
        }

        output.WriteLine(TableRow(Register, Registry, registrations, " | "));
        output.WriteLine();
        output.WriteLine($"Avro: {options.AvroRecords:N0} records of the same 12-field schema, {wharf.Bytes / (double)options.AvroRecords:N1} B each on average; both sides wrote the same bytes (SHA-256 {wharf.Sha256[..16]}...) (target: Wharf.Avro >= 10x)");
        output.WriteLine();
        output.WriteLine("| side | encode records/s | decode records/s |");
        output.WriteLine("| --- | ---: | ---: |");
        foreach (var side in new[] { wharf, python })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {side.Side} | {side.EncodePerSecond:N0} | {side.DecodePerSecond:N0} |"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Wharf.Avro / python3-avro | {wharf.EncodePerSecond / python.EncodePerSecond:N1}x | {wharf.DecodePerSecond / python.DecodePerSecond:N1}x |"));
        output.WriteLine();
        output.WriteLine("CPU is a share of one core (this machine has " + Environment.ProcessorCount + "); server µs/request is the server process's CPU time per request;");
        output.WriteLine("client is this benchmark (HttpClient); others' CPU is everything else the machine ran meanwhile (the broker included).");
    }

    /// <summary>The round with the median requests/s (its other columns come from the same round).</summary>
    private static HttpRate Median(List<HttpRate> rates, string phase)
    {
        var sorted = rates.Where(r => r.Phase == phase).OrderBy(r => r.PerSecond).ToList();
        return sorted[sorted.Count / 2];
    }

    private static double MedianCost(List<HttpRate> rates, string phase)
    {
        var sorted = rates.Where(r => r.Phase == phase).Select(r => r.ServerMicrosecondsPerRequest).Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string TableRow(string request, string server, HttpRate rate, string ratio) => string.Create(CultureInfo.InvariantCulture,
        $"| {request} | {server} | {rate.Requests:N0} | {rate.PerSecond:N0} | {ratio} | {rate.ServerPercent:N0} % | {rate.ServerMicrosecondsPerRequest:N0} | {rate.ClientPercent:N0} % | {rate.OtherPercent:N0} % |");

    private static string Row(HttpRate rate) => string.Create(CultureInfo.InvariantCulture,
        $"{rate.Phase,-48} {rate.Requests,9:N0} in {rate.Elapsed.TotalSeconds,5:N1} s {rate.PerSecond,9:N0} req/s  server {rate.ServerPercent,4:N0} % {rate.ServerMicrosecondsPerRequest,5:N0} µs/req  client {rate.ClientPercent,4:N0} %  others {rate.OtherPercent,4:N0} %");
}
