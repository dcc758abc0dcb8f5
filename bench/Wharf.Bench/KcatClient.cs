using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Wharf.Bench;

/// <summary>
/// The second reference: kcat, librdkafka's own command-line client (C, no managed wrapper), with the same
/// librdkafka settings. It produces from a file of newline-separated values and consumes to /dev/null. Its CPU
/// time comes from its shell's <c>times</c> (children's user and system seconds). Its figures include starting
/// the process and fetching metadata, a few milliseconds.
/// </summary>
internal sealed partial class KcatClient(string bootstrapServers, ClientSettings settings, int brokerPid, string scratchDirectory)
{
    public const string Executable = "kcat";

    public static bool Installed =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, Executable)));

    public async Task<Measurement> ProduceAsync(string phase, string topic, long count, int size, string acks)
    {
        var input = await InputFileAsync(scratchDirectory, count, size);

        List<string> arguments = ["-P", "-b", bootstrapServers, "-t", topic, "-q"];
        AddSettings(arguments, settings.Producer(acks));
        arguments.AddRange(["-l", input]);
        var clock = CpuClock.Start(brokerPid, static () => 0);
        var cpu = await RunAsync(phase, arguments);
        return clock.Stop(phase, count, size, cpu);
    }

    public async Task<Measurement> ConsumeAsync(string phase, string topic, long count, int size)
    {
        List<string> arguments = ["-C", "-b", bootstrapServers, "-t", topic, "-p", "0", "-o", "beginning", "-c", count.ToString(CultureInfo.InvariantCulture), "-e", "-q", "-f", "%o\n"];
        AddSettings(arguments, settings.Consumer());
        var clock = CpuClock.Start(brokerPid, static () => 0);
        var cpu = await RunAsync(phase, arguments);
        return clock.Stop(phase, count, size, cpu);
    }

    private static void AddSettings(List<string> arguments, IEnumerable<KeyValuePair<string, string>> settings)
    {
        foreach (var (key, value) in settings)
        {
            arguments.AddRange(["-X", key + "=" + value]);
        }
    }

    /// <summary>The file of <paramref name="count"/> lines of <paramref name="size"/> bytes kcat -P -l reads, written on first use.</summary>
    public static async Task<string> InputFileAsync(string scratchDirectory, long count, int size)
    {
        var input = Path.Combine(scratchDirectory, $"kcat-input-{count}x{size}.txt");
        if (!File.Exists(input))
        {
            await WriteInputAsync(input, count, size);
        }

        return input;
    }

    /// <summary>count lines of size bytes each (the newline is the delimiter, not part of the value).</summary>
    private static async Task WriteInputAsync(string path, long count, int size)
    {
        var line = new byte[size + 1];
        ConfluentClient.Payload(size).CopyTo(line, 0);
        line[size] = (byte)'\n';
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long i = 0; i < count; i++)
        {
            await file.WriteAsync(line);
        }
    }

    /// <summary>Runs kcat under bash and returns its CPU seconds (bash's <c>times</c>: the children's user and system time).</summary>
    private static async Task<double> RunAsync(string phase, List<string> arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-c", Executable + " \"$@\" >/dev/null; status=$?; times; exit $status", Executable])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash for kcat.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{phase}: kcat exited with {process.ExitCode}: {await errors}");
        }

        // `times` prints the shell's own user/system times, then its children's: "0m1.234s 0m0.056s".
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var children = TimesPattern().Matches(lines[^1]);
        return children.Sum(m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 60) + double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"(\d+)m([\d.]+)s")]
    private static partial Regex TimesPattern();
}
