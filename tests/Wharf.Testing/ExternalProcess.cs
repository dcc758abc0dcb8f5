using System.Diagnostics;
using System.Text;

namespace Wharf.Testing;

/// <summary>
/// Runs a third-party program (kcat, python3, node) to completion with a deadline, feeding it standard input
/// and capturing both output streams. A program that overruns its deadline is killed (with its children) and
/// reported as timed out, so a hung client fails its test instead of hanging the run.
/// </summary>
public static class ExternalProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
    {
        public override string ToString() =>
            "exit code " + ExitCode + (TimedOut ? " (killed after its deadline)" : string.Empty)
            + "\n--- stdout ---\n" + StandardOutput + "\n--- stderr ---\n" + StandardError;
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return new Result(process.ExitCode, await stdout, await stderr, timedOut);
    }

    /// <summary>Debian's python3, which has the python3-* packages (another python3 may come first on PATH).</summary>
    public const string DebianPython = "/usr/bin/python3";
}
