using System.Globalization;

namespace Wharf.Bench;

/// <summary>
/// What Linux's /proc says about a process and the machine: resident memory (VmRSS now, VmHWM the peak), CPU time
/// spent (utime + stime), and the whole machine's busy time, so that each measurement can say how much of the
/// two cores the broker, the client and everybody else took.
/// </summary>
internal static class ProcFs
{
    /// <summary>USER_HZ: the unit of the CPU times in /proc (100 on every Linux architecture .NET runs on).</summary>
    private const double TicksPerSecond = 100.0;

    public static bool Available => File.Exists("/proc/self/status");

    /// <summary>Resident set size now and at its peak, in bytes; (0, 0) when the process is gone.</summary>
    public static (long Rss, long Peak) Memory(int pid)
    {
        long rss = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return (rss, peak);
    }

    /// <summary>CPU seconds (user + system) the process has used so far; 0 when it is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU seconds every core of the machine spent busy (anything but idle and iowait) since boot.</summary>
    public static double MachineBusySeconds()
    {
        var line = File.ReadLines("/proc/stat").First();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long busy = 0;
        for (var i = 1; i < fields.Length; i++)
        {
            // user nice system idle iowait irq softirq steal guest guest_nice: guest time is already in user.
            if (i is 4 or 5 or 9 or 10)
            {
                continue;
            }

            busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
        }

        return busy / TicksPerSecond;
    }

    /// <summary>The 1, 5 and 15 minute load averages, as /proc/loadavg writes them.</summary>
    public static string LoadAverage()
    {
        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return string.Join(' ', parts.Take(3));
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
