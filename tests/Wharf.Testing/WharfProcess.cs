using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Wharf.Protocol.Messages;

namespace Wharf.Testing;

/// <summary>
/// The `wharf` executable run as a real child process (<c>dotnet wharf.dll &lt;command&gt; ...</c>), as a user runs
/// it: start and wait until it answers, kill -9, stop with a signal, restart with the same arguments (same port,
/// same data directory), and read what it wrote. Its log lines are parsed into <see cref="Logs"/>, so
/// [FailOnServerErrors] notices errors the test did not declare. Disposing kills it if it still runs and removes
/// the data directory it created. A test project finds wharf.dll in its own output by referencing
/// src/Wharf/Wharf.csproj.
/// </summary>
public sealed class WharfProcess : IAsyncDisposable
{
    /// <summary>How long a start may take before the test fails (first JIT on a busy 2-core machine is slow).</summary>
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(90);

    private readonly object _outputLock = new();
    private readonly StringBuilder _allOutput = new();
    private readonly List<string> _runOutput = [];
    private readonly List<string> _runErrors = [];
    private readonly Func<WharfProcess, CancellationToken, Task<bool>> _isReady;
    private readonly TemporaryDirectory? _ownedDirectory;
    private Process? _process;
    private int _runs;

    private WharfProcess(IReadOnlyList<string> arguments, string dataDirectory, int kafkaPort, TemporaryDirectory? ownedDirectory, Func<WharfProcess, CancellationToken, Task<bool>> isReady)
    {
        Arguments = arguments;
        DataDirectory = dataDirectory;
        KafkaPort = kafkaPort;
        _ownedDirectory = ownedDirectory;
        _isReady = isReady;
        FailOnServerErrorsAttribute.Track(Logs);
    }

    /// <summary>wharf.dll beside the running test assembly.</summary>
    public static string ExecutablePath => Path.Combine(AppContext.BaseDirectory, "wharf.dll");

    /// <summary>Everything after <c>dotnet wharf.dll</c>.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The --data-dir given to every run.</summary>
    public string DataDirectory { get; }

    /// <summary>The port of the Kafka listener.</summary>
    public int KafkaPort { get; }

    public IPEndPoint KafkaEndPoint => new(IPAddress.Loopback, KafkaPort);

    /// <summary>host:port for a client's bootstrap.servers.</summary>
    public string BootstrapServers => "127.0.0.1:" + KafkaPort.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every log entry of every run, parsed from standard output.</summary>
    public CapturedLogs Logs { get; } = new();

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The exit code of the last run once it has ended.</summary>
    public int? ExitCode => _process is { HasExited: true } process ? process.ExitCode : null;

    /// <summary>Standard output and standard error of the current (or last) run, line by line, as they came.</summary>
    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (_outputLock)
            {
                return [.. _runOutput];
            }
        }
    }

    /// <summary>Standard error of the current (or last) run.</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_outputLock)
            {
                return [.. _runErrors];
            }
        }
    }

    /// <summary>The output of every run so far, with a header per run: for failure messages.</summary>
    public string AllOutput
    {
        get
        {
            lock (_outputLock)
            {
                return _allOutput.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>wharf broker</c> (or <paramref name="command"/>) with a fresh data directory (unless one is
    /// given), a free loopback port and <c>group.initial.rebalance.delay.ms=0</c>, plus <paramref name="overrides"/>
    /// (as -o key=value) and <paramref name="arguments"/>, and waits until the broker answers ApiVersions and
    /// Metadata.
    /// </summary>
    public static async Task<WharfProcess> StartBrokerAsync(IReadOnlyDictionary<string, string>? overrides = null, IReadOnlyList<string>? arguments = null, string command = "broker", string? dataDirectory = null, TimeSpan? timeout = null)
    {
        // The free port is found by binding port 0 and letting it go, so another process may take it before
        // wharf binds it; then the start is retried on another port.
        for (var attempt = 1; ; attempt++)
        {
            var port = FindFreePort();
            var owned = dataDirectory is null ? TemporaryDirectory.Create("wharf") : null;
            var directory = dataDirectory ?? owned!.Path;
            var settings = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["listeners"] = "PLAINTEXT://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                ["group.initial.rebalance.delay.ms"] = "0",
            };
            foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
            {
                settings[key] = value;
            }

            List<string> commandLine = [command, "--data-dir", directory];
            foreach (var (key, value) in settings)
            {
                commandLine.AddRange(["-o", key + "=" + value]);
            }

            commandLine.AddRange(arguments ?? []);
            var process = new WharfProcess(commandLine, directory, port, owned, KafkaAnswersAsync);
            try
            {
                await process.StartAsync(timeout ?? DefaultStartTimeout);
                return process;
            }
            catch (WharfProcessException) when (attempt < 3 && !process.IsRunning && process.ErrorLines.Any(line => line.Contains("already in use", StringComparison.Ordinal)))
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Starts <c>wharf rest-proxy --config <paramref name="configFile"/></c> (the file names the listener on
    /// <paramref name="restPort"/> and the cluster) with a fresh data directory, and waits until <c>GET /</c>
    /// answers 200. <see cref="KafkaPort"/> is then the REST port.
    /// </summary>
    public static async Task<WharfProcess> StartRestProxyAsync(string configFile, int restPort, IReadOnlyList<string>? arguments = null, TimeSpan? timeout = null)
    {
        var owned = TemporaryDirectory.Create("wharf");
        var process = new WharfProcess(["rest-proxy", "--data-dir", owned.Path, "--config", configFile, .. arguments ?? []], owned.Path, restPort, owned, (p, token) => RestAnswersAsync(RestAddress(restPort), token));
        try
        {
            await process.StartAsync(timeout ?? DefaultStartTimeout);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>http://127.0.0.1:<paramref name="port"/>/</summary>
    public static Uri RestAddress(int port) => new("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/");

    /// <summary>Waits until the REST Proxy at <paramref name="address"/> answers <c>GET /</c> with 200 (for <c>wharf start</c>, whose readiness is the broker's).</summary>
    public async Task WaitForRestAsync(Uri address, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await RestAnswersAsync(address, deadline.Token))
        {
            if (!IsRunning)
            {
                throw new WharfProcessException("wharf exited before its REST Proxy answered.", AllOutput);
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static async Task<bool> RestAnswersAsync(Uri address, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = address };
        try
        {
            using var response = await http.GetAsync("/", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Runs wharf with <paramref name="arguments"/> to completion (for commands that end by themselves).</summary>
    public static Task<ExternalProcess.Result> RunToExitAsync(IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        ExternalProcess.RunAsync("dotnet", [ExecutablePath, .. arguments], timeout: timeout ?? DefaultStartTimeout);

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the process again with the same arguments and waits until it is ready. It must have ended.</summary>
    public Task RestartAsync(TimeSpan? timeout = null)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("wharf is still running; kill or stop it before restarting it.");
        }

        return StartAsync(timeout ?? DefaultStartTimeout);
    }

    /// <summary>kill -9: the process ends at once, without any shutdown code running.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("wharf was never started.");
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: false);
        }

        await process.WaitForExitAsync();
    }

    /// <summary>Sends a signal (TERM, INT...) to the process, without waiting.</summary>
    public async Task SignalAsync(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("wharf was never started.");
        var result = await ExternalProcess.RunAsync("kill", ["-s", signal, process.Id.ToString(CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(10));
        if (result.ExitCode != 0)
        {
            throw new WharfProcessException("kill -s " + signal + " failed: " + result, AllOutput);
        }
    }

    /// <summary>
    /// Sends <paramref name="signal"/> and waits for the process to end; returns its exit code, or null when it
    /// was still running after <paramref name="timeout"/> (it is then left running).
    /// </summary>
    public async Task<int?> StopAsync(string signal = "TERM", TimeSpan? timeout = null)
    {
        var process = _process ?? throw new InvalidOperationException("wharf was never started.");
        await SignalAsync(signal);
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Waits until the current run wrote a line containing <paramref name="text"/>.</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (OutputLines.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new WharfProcessException("wharf did not write \"" + text + "\" within " + timeout.TotalSeconds + " s.", AllOutput);
            }

            await Task.Delay(50);
        }
    }

    private async Task StartAsync(TimeSpan timeout)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException(ExecutablePath + " is missing; the test project must reference src/Wharf/Wharf.csproj.", ExecutablePath);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(ExecutablePath);
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var run = ++_runs;
        lock (_outputLock)
        {
            _runOutput.Clear();
            _runErrors.Clear();
            _allOutput.Append("--- run ").Append(run).Append(": dotnet wharf.dll ").AppendJoin(' ', Arguments).Append('\n');
        }

        _process?.Dispose();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => OnLine(run, e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => OnLine(run, e.Data, isError: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilReadyAsync(process, timeout);
    }

    private async Task WaitUntilReadyAsync(Process process, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                throw new WharfProcessException("wharf exited with code " + process.ExitCode + " before it was ready.", AllOutput);
            }

            try
            {
                if (await _isReady(this, deadline.Token))
                {
                    return;
                }

                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new WharfProcessException("wharf was not ready within " + timeout.TotalSeconds + " s.", AllOutput);
            }
        }
    }

    /// <summary>Ready when the listener accepts a connection and answers ApiVersions and Metadata.</summary>
    private static async Task<bool> KafkaAnswersAsync(WharfProcess process, CancellationToken cancellationToken)
    {
        try
        {
            await using var client = await KafkaWireClient.ConnectAsync(process.KafkaEndPoint, cancellationToken);
            var versions = await client.SendAsync<ApiVersionsRequest, ApiVersionsResponse>(new ApiVersionsRequest(), 0, cancellationToken);
            if (versions.ErrorCode != 0)
            {
                return false;
            }

            var metadata = await client.SendAsync<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = [] }, 4, cancellationToken);
            return metadata.Brokers.Count > 0;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void OnLine(int run, string? line, bool isError)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _allOutput.Append(isError ? "[stderr] " : string.Empty).Append(line).Append('\n');
            if (run == _runs)
            {
                _runOutput.Add(line);
                if (isError)
                {
                    _runErrors.Add(line);
                }
            }
        }

        if (!isError && ConsoleLogLine.TryParse(line, out var entry))
        {
            Logs.Add(entry);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }

        FailOnServerErrorsAttribute.Untrack(Logs);
        _ownedDirectory?.Dispose();
    }

    public override string ToString() => "dotnet wharf.dll " + string.Join(' ', Arguments);
}

/// <summary>wharf did not start, stop or answer as expected; the message carries everything it wrote.</summary>
public sealed class WharfProcessException : Exception
{
    public WharfProcessException(string message, string output)
        : base(message + "\n--- wharf output ---\n" + output)
    {
    }

    public WharfProcessException()
    {
    }

    public WharfProcessException(string message)
        : base(message)
    {
    }

    public WharfProcessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
