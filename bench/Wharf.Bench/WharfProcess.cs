using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Wharf.Bench;

/// <summary>
/// A `wharf` service (`wharf broker`, `wharf rest-proxy`, `wharf schema-registry`, or the registry benchmark's bare endpoint) in its own process, on a fresh temporary data directory
/// and a free loopback port, so its CPU and memory can be read from /proc and its garbage collector does not share
/// a process with the client. Its console output goes to a file next to the data directory (shown when it fails
/// to start).
/// </summary>
internal sealed class WharfProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;
    private readonly StreamWriter _log;

    private WharfProcess(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        _log = new StreamWriter(LogFile) { AutoFlush = true };
        Port = port;
        process.OutputDataReceived += (_, e) => WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>host:port of a broker.</summary>
    public string BootstrapServers => "127.0.0.1:" + Port;

    public int Pid => _process.Id;

    public string LogFile => Path.Combine(_root, "wharf.log");

    /// <summary>The launcher given (--wharf), else the repository's ./wharf above this program.</summary>
    public static string FindLauncher(string? given)
    {
        if (given is not null)
        {
            return given;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "wharf");
            if (File.Exists(Path.Combine(directory.FullName, "Wharf.slnx")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("The repository's ./wharf launcher was not found above " + AppContext.BaseDirectory + "; pass --wharf or --bootstrap.");
    }

    /// <summary>`wharf broker` listening on a free port, with server.properties overrides (key=value).</summary>
    public static Task<WharfProcess> StartBrokerAsync(string launcher, IReadOnlyList<string> overrides, TimeSpan startTimeout) =>
        StartAsync(launcher, "broker", port => [$"listeners=PLAINTEXT://127.0.0.1:{port}", .. overrides], startTimeout);

    /// <summary>`wharf rest-proxy` for the broker at <paramref name="bootstrapServers"/>, with kafka-rest.properties overrides.</summary>
    public static Task<WharfProcess> StartRestProxyAsync(string launcher, string bootstrapServers, IReadOnlyList<string> overrides, TimeSpan startTimeout) =>
        StartAsync(launcher, "rest-proxy", port => [$"listeners=http://127.0.0.1:{port}", "bootstrap.servers=" + bootstrapServers, .. overrides], startTimeout);

    /// <summary>`wharf schema-registry` storing in the _schemas topic of the broker at <paramref name="bootstrapServers"/>, with schema-registry.properties overrides.</summary>
    public static Task<WharfProcess> StartSchemaRegistryAsync(string launcher, string bootstrapServers, IReadOnlyList<string> overrides, TimeSpan startTimeout) =>
        StartAsync(launcher, "schema-registry", port => [$"listeners=http://127.0.0.1:{port}", "kafkastore.bootstrap.servers=" + bootstrapServers, .. overrides], startTimeout);

    /// <summary>`wharf connect-standalone worker.properties` for the broker at <paramref name="bootstrapServers"/>, REST API on a free port.</summary>
    public static Task<WharfProcess> StartConnectStandaloneAsync(string launcher, string workerProperties, string bootstrapServers, TimeSpan startTimeout) =>
        StartAsync(launcher, "connect-standalone", port => [$"listeners=http://127.0.0.1:{port}", "bootstrap.servers=" + bootstrapServers], startTimeout, [workerProperties]);

    /// <summary>
    /// Starts <paramref name="launcher"/> (the repository's ./wharf script, which builds the Release executable
    /// when its sources changed, then execs it, so the process id stays the service's) with <c>command</c> and
    /// the overrides <paramref name="settings"/> makes for a free port, and waits for that port.
    /// </summary>
    private static Task<WharfProcess> StartAsync(string launcher, string command, Func<int, IEnumerable<string>> settings, TimeSpan startTimeout, IReadOnlyList<string>? arguments = null)
    {
        var root = Directory.CreateTempSubdirectory("wharf-bench-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(launcher);
        foreach (var argument in (string[])[command, .. arguments ?? [], "--data-dir", Path.Combine(root, "data"), "--log-level", "Warning"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var pair in settings(port))
        {
            start.ArgumentList.Add("-o");
            start.ArgumentList.Add(pair);
        }

        return LaunchAsync(start, root, port, "`wharf " + command + "`", startTimeout);
    }

    /// <summary>
    /// Any other server program (the registry benchmark's bare endpoint): <paramref name="arguments"/> gets the free
    /// port it must listen on; started, watched and stopped as the wharf services are.
    /// </summary>
    public static Task<WharfProcess> StartProgramAsync(string program, Func<int, IEnumerable<string>> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan startTimeout)
    {
        var root = Directory.CreateTempSubdirectory("wharf-bench-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(program);
        foreach (var argument in arguments(port))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return LaunchAsync(start, root, port, Path.GetFileName(program), startTimeout);
    }

    private static async Task<WharfProcess> LaunchAsync(ProcessStartInfo start, string root, int port, string description, TimeSpan startTimeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var service = new WharfProcess(process, root, port);

        var deadline = Stopwatch.StartNew();
        while (!await IsListeningAsync(port))
        {
            if (process.HasExited || deadline.Elapsed > startTimeout)
            {
                await service.StopAsync();
                var output = await File.ReadAllTextAsync(service.LogFile);
                await service.DisposeAsync();
                throw new InvalidOperationException($"{description} did not start listening on port {port}. Its output:\n{output}");
            }

            await Task.Delay(200);
        }

        return service;
    }

    private void WriteLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
        }
    }

    public (long Rss, long Peak) Memory => ProcFs.Memory(Pid);

    public double CpuSeconds => ProcFs.CpuSeconds(Pid);

    /// <summary>Bytes the broker's data directory holds (what "stored" means in the memory figures).</summary>
    public long StoredBytes => new DirectoryInfo(Path.Combine(_root, "data")).EnumerateFiles("*.log", SearchOption.AllDirectories).Sum(f => f.Length);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Stops the service with SIGTERM (a clean shutdown), SIGKILL after 30 s, and deletes its data.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
    }
}
