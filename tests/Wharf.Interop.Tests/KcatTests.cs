using System.Text.Json;
using Wharf.Testing;

namespace Wharf.Interop.Tests;

/// <summary>kcat 1.7 on Debian's librdkafka 2.0.2 against the embedded broker.</summary>
public sealed class KcatTests(BrokerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Kcat_lists_the_single_broker_and_a_created_topic()
    {
        var topic = UniqueNames.For("kcat");
        await Kcat(["-P", "-t", topic], "hello\n");

        var listing = await Kcat(["-L", "-J", "-t", topic]);

        using var json = JsonDocument.Parse(listing.StandardOutput);
        var broker = Assert.Single(json.RootElement.GetProperty("brokers").EnumerateArray());
        Assert.Equal(0, broker.GetProperty("id").GetInt32());
        Assert.Equal(fixture.Broker.BootstrapServers, broker.GetProperty("name").GetString());
        var listed = Assert.Single(json.RootElement.GetProperty("topics").EnumerateArray());
        Assert.Equal(topic, listed.GetProperty("topic").GetString());
        Assert.Equal(1, listed.GetProperty("partitions").GetArrayLength());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task Kcat_reads_back_keyed_records_it_produced_with_each_compression(string codec)
    {
        var topic = UniqueNames.For("kcat-" + codec);
        var lines = Enumerable.Range(0, 200).Select(i => "key-" + i + ":value-" + i).ToList();
        await Kcat(["-P", "-t", topic, "-K:", "-z", codec], string.Join("\n", lines) + "\n");

        var consumed = await Kcat(["-C", "-t", topic, "-e", "-f", "%o %k %s\n"]);

        var expected = lines.Select((line, i) => i + " " + line.Replace(':', ' '));
        Assert.Equal(expected, consumed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Kcat_consumer_group_commits_and_resumes_after_its_committed_offset()
    {
        var topic = UniqueNames.For("kcat-group");
        var group = UniqueNames.For("group");
        await Kcat(["-P", "-t", topic], string.Concat(Enumerable.Range(0, 10).Select(i => "first-" + i + "\n")));

        var first = await Kcat(["-G", group, "-X", "auto.offset.reset=earliest", "-e", "-f", "%s\n", topic]);
        await Kcat(["-P", "-t", topic], string.Concat(Enumerable.Range(0, 5).Select(i => "second-" + i + "\n")));
        var second = await Kcat(["-G", group, "-X", "auto.offset.reset=earliest", "-e", "-f", "%s\n", topic]);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => "first-" + i), Lines(first));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => "second-" + i), Lines(second));
    }

    private static string[] Lines(ExternalProcess.Result result) => result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private async Task<ExternalProcess.Result> Kcat(string[] arguments, string? input = null)
    {
        var result = await ExternalProcess.RunAsync("kcat", ["-b", fixture.BootstrapServers, "-q", .. arguments], input, Deadline);
        Assert.True(result.ExitCode == 0 && !result.TimedOut, "kcat " + string.Join(' ', arguments) + " failed: " + result);
        return result;
    }
}
