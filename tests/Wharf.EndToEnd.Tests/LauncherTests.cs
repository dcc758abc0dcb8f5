using Wharf.Testing;

namespace Wharf.EndToEnd.Tests;

/// <summary>The repository's `./wharf` launcher script, which publishes wharf in Release on first use and then runs it.</summary>
public sealed class LauncherTests
{
    /// <summary>
    /// Runs `./wharf --help` once. After ./test.sh's Release build the launcher's publish is incremental (seconds
    /// here); from a tree never built in Release it would compile everything first (minutes on a 2-core machine),
    /// so the test is skipped then rather than making a Debug test run slow.
    /// </summary>
    [Fact]
    public async Task The_launcher_builds_wharf_and_shows_its_commands()
    {
        var launcher = RepositoryPaths.Combine("wharf");
        var releaseBuild = RepositoryPaths.Combine("src", "Wharf", "bin", "Release");
        var published = RepositoryPaths.Combine("artifacts", "wharf", "wharf");
        if (!Directory.Exists(releaseBuild) && !File.Exists(published))
        {
            Assert.Skip("src/Wharf has no Release build yet, so ./wharf would compile everything from scratch (minutes); run ./test.sh, which builds in Release first.");
        }

        var result = await ExternalProcess.RunAsync(launcher, ["--help"], timeout: TimeSpan.FromSeconds(240), workingDirectory: RepositoryPaths.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("start", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("broker", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(published), "the launcher did not publish to artifacts/wharf");
    }
}
