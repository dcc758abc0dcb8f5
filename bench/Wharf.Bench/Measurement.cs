namespace Wharf.Bench;

/// <summary>
/// One timed phase: how many records of what size moved in how long, and the CPU seconds the broker, this client
/// (or kcat) and the rest of the machine spent meanwhile. MB are 10^6 bytes of record values (keys are null,
/// framing not counted), so MB/s = records/s x size / 10^6.
/// </summary>
internal sealed record Measurement(string Phase, long Records, int RecordSize, TimeSpan Elapsed, double BrokerCpu, double ClientCpu, double MachineCpu)
{
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;

    public double MegabytesPerSecond => RecordsPerSecond * RecordSize / 1e6;

    /// <summary>The broker's CPU cost of moving a megabyte: steadier than throughput on a busy machine.</summary>
    public double BrokerMillisecondsPerMegabyte => BrokerCpu * 1000 / (Records * (double)RecordSize / 1e6);

    /// <summary>The client's (kcat's, the Connect worker's) CPU cost of moving a megabyte.</summary>
    public double ClientMillisecondsPerMegabyte => ClientCpu * 1000 / (Records * (double)RecordSize / 1e6);

    /// <summary>Share of one core, in percent (200 % = both cores of this machine).</summary>
    public double BrokerPercent => 100 * BrokerCpu / Elapsed.TotalSeconds;

    public double ClientPercent => 100 * ClientCpu / Elapsed.TotalSeconds;

    /// <summary>Everything else on the machine (other helpers' builds and tests), from /proc/stat.</summary>
    public double OtherPercent => Math.Max(0, 100 * (MachineCpu - BrokerCpu - ClientCpu) / Elapsed.TotalSeconds);
}

/// <summary>Takes the CPU readings around a phase: the broker's (when its pid is known), the client's and the machine's.</summary>
internal readonly struct CpuClock
{
    private readonly int _brokerPid;
    private readonly Func<double> _clientCpu;
    private readonly double _broker;
    private readonly double _client;
    private readonly double _machine;
    private readonly long _started;

    private CpuClock(int brokerPid, Func<double> clientCpu)
    {
        _brokerPid = brokerPid;
        _clientCpu = clientCpu;
        _broker = brokerPid > 0 ? ProcFs.CpuSeconds(brokerPid) : 0;
        _client = clientCpu();
        _machine = ProcFs.MachineBusySeconds();
        _started = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    /// <summary>Starts the clock; <paramref name="clientCpu"/> reads the client's CPU seconds.</summary>
    public static CpuClock Start(int brokerPid, Func<double> clientCpu) => new(brokerPid, clientCpu);

    /// <summary>Starts the clock with this process as the client.</summary>
    public static CpuClock Start(int brokerPid) => new(brokerPid, OwnCpuSeconds);

    public static double OwnCpuSeconds()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <param name="clientCpu">The client's CPU seconds when they were measured elsewhere (kcat's, from its shell).</param>
    public Measurement Stop(string phase, long records, int recordSize, double? clientCpu = null)
    {
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(_started);
        var broker = _brokerPid > 0 ? ProcFs.CpuSeconds(_brokerPid) - _broker : 0;
        var client = clientCpu ?? _clientCpu() - _client;
        return new Measurement(phase, records, recordSize, elapsed, broker, client, ProcFs.MachineBusySeconds() - _machine);
    }
}
