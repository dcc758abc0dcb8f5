using System.Text.Json;
using Wharf.Testing;

namespace Wharf.Interop.Tests;

/// <summary>kafkajs 2.2.4 (a pure JavaScript protocol implementation) against the embedded broker.</summary>
public sealed class KafkajsTests(BrokerFixture fixture)
{
    private const int Count = 300;

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    public async Task Kafkajs_produces_consumes_in_a_group_and_commits(string codec)
    {
        var topic = UniqueNames.For("js-" + codec);
        var group = UniqueNames.For("js-group");
        var directory = RepositoryPaths.Combine("tests", "Wharf.Interop.Tests", "js");
        var result = await ExternalProcess.RunAsync(
            "node",
            [Path.Combine(directory, "kafkajs_client.js"), fixture.BootstrapServers, topic, group, Count.ToString(System.Globalization.CultureInfo.InvariantCulture), codec],
            timeout: TimeSpan.FromSeconds(90),
            workingDirectory: directory);
        Assert.True(result.ExitCode == 0 && !result.TimedOut, "kafkajs failed: " + result);

        var summary = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(Count, summary.GetProperty("consumed").GetInt32());
        Assert.Equal(Count, summary.GetProperty("committed").GetInt32());
    }
}
