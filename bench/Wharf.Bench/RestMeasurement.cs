namespace Wharf.Bench;

/// <summary>A phase of the REST benchmark: the broker benchmark's figures plus the CPU the REST Proxy process spent.</summary>
internal sealed record RestMeasurement(Measurement Common, double ProxyCpu)
{
    public double ProxyPercent => 100 * ProxyCpu / Common.Elapsed.TotalSeconds;

    /// <summary>The proxy's CPU time per MB of values moved.</summary>
    public double ProxyMillisecondsPerMegabyte => ProxyCpu * 1000 / (Common.Records * (double)Common.RecordSize / 1e6);

    /// <summary>Everything but the broker, the proxy and the benchmark itself.</summary>
    public double OtherPercent => Math.Max(0, Common.OtherPercent - ProxyPercent);
}

/// <summary><see cref="CpuClock"/> with this process as the client, plus the proxy's CPU seconds.</summary>
internal readonly struct RestClock
{
    private readonly CpuClock _clock;
    private readonly int _proxyPid;
    private readonly double _proxy;

    private RestClock(int brokerPid, int proxyPid)
    {
        _proxyPid = proxyPid;
        _proxy = ProcFs.CpuSeconds(proxyPid);
        _clock = CpuClock.Start(brokerPid);
    }

    public static RestClock Start(int brokerPid, int proxyPid) => new(brokerPid, proxyPid);

    public RestMeasurement Stop(string phase, long records, int recordSize)
    {
        var common = _clock.Stop(phase, records, recordSize);
        return new RestMeasurement(common, ProcFs.CpuSeconds(_proxyPid) - _proxy);
    }
}
