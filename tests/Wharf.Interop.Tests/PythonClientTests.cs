using System.Text.Json;
using Wharf.Testing;

namespace Wharf.Interop.Tests;

/// <summary>
/// kafka-python 2.0.2 (its own protocol implementation, fixed request versions) and confluent-kafka-python 1.7
/// (librdkafka 2.0.2, idempotent producer): each creates a topic, produces with a compression codec, consumes in
/// a group, commits, and reads its committed offsets back.
/// </summary>
public sealed class PythonClientTests(BrokerFixture fixture)
{
    private const int Count = 300;

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task Kafka_python_produces_consumes_in_a_group_and_commits(string codec)
    {
        var summary = await RunAsync("kafka_python_client.py", codec);

        Assert.Equal(Count, summary.GetProperty("consumed").GetInt32());
        Assert.Equal(Count, summary.GetProperty("committed").GetInt32());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task Confluent_kafka_python_produces_idempotently_consumes_in_a_group_and_commits(string codec)
    {
        var summary = await RunAsync("confluent_kafka_client.py", codec);

        Assert.Equal(Count, summary.GetProperty("consumed").GetInt32());
        Assert.Equal(Count, summary.GetProperty("committed").GetInt32());
    }

    private async Task<JsonElement> RunAsync(string script, string codec)
    {
        var topic = UniqueNames.For("py-" + codec);
        var group = UniqueNames.For("py-group");
        var result = await ExternalProcess.RunAsync(
            ExternalProcess.DebianPython,
            [RepositoryPaths.Combine("tests", "Wharf.Interop.Tests", "python", script), fixture.BootstrapServers, topic, group, Count.ToString(System.Globalization.CultureInfo.InvariantCulture), codec],
            timeout: TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0 && !result.TimedOut, script + " failed: " + result);
        return JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]).RootElement.Clone();
    }
}
