using Wharf.Testing;

namespace Wharf.Protocol.Tests;

/// <summary>Runs a fixture script in its checking mode, which exits non-zero naming the first file it cannot read.</summary>
internal static class PythonCheck
{
    public static async Task RunAsync(string script, params string[] arguments)
    {
        var result = await ExternalProcess.RunAsync("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, script), .. arguments], timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, script + " failed: " + result);
    }
}
