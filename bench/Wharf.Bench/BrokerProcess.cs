using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Wharf.Bench;

/// <summary>
/// A `wharf broker` in its own process, on a fresh temporary data directory and a free loopback port, so its
/// memory can be read from /proc and its garbage collector does not share a process with the client. Its
/// console output goes to a file in the data directory's parent (shown when it fails to start).
/// </summary>
internal sealed class BrokerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;
    private readonly StreamWriter _log;

    private BrokerProcess(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        _log = new StreamWriter(LogFile) { AutoFlush = true };
        BootstrapServers = "127.0.0.1:" + port;
        process.OutputDataReceived += (_, e) => WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BootstrapServers { get; }

    public int Pid => _process.Id;

    public string LogFile => Path.Combine(_root, "broker.log");

    /// <summary>
    /// Starts <paramref name="launcher"/> (the repository's ./wharf script, which builds the Release executable
    /// when its sources changed, then execs it, so the process id stays the broker's) and waits for its port.
    /// </summary>
    public static async Task<BrokerProcess> StartAsync(string launcher, IReadOnlyList<string> overrides, TimeSpan startTimeout)
    {
        var root = Directory.CreateTempSubdirectory("wharf-bench-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["broker", "--data-dir", Path.Combine(root, "data"), "--log-level", "Warning", "-o", $"listeners=PLAINTEXT://127.0.0.1:{port}"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var pair in overrides)
        {
            start.ArgumentList.Add("-o");
            start.ArgumentList.Add(pair);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + launcher);
        var broker = new BrokerProcess(process, root, port);

        var deadline = Stopwatch.StartNew();
        while (!await IsListeningAsync(port))
        {
            if (process.HasExited || deadline.Elapsed > startTimeout)
            {
                await broker.StopAsync();
                var output = await File.ReadAllTextAsync(broker.LogFile);
                await broker.DisposeAsync();
                throw new InvalidOperationException("The broker did not start listening on port " + port + ". Its output:\n" + output);
            }

            await Task.Delay(200);
        }

        return broker;
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

    /// <summary>Stops the broker with SIGTERM (a clean shutdown), SIGKILL after 30 s, and deletes its data.</summary>
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
