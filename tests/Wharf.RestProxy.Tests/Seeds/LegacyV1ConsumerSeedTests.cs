using Confluent.Kafka;
using Wharf.Clients;
using Wharf.RestProxy.Tests.Consumers;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Seeds;

/// <summary>
/// Seed 003's legacy v1 consumer scripts, run as written (<see cref="SeedScripts"/>). They read <c>my_topic</c>.
/// </summary>
[Collection(nameof(SeedScripts))]
public sealed class LegacyV1ConsumerSeedTests(RestProxyFixture fixture)
{
    private const string Topic = "my_topic";

    [Fact]
    public async Task A_smallest_consumer_prints_the_topic_from_the_beginning()
    {
        var values = await ProduceBatchAsync("smallest");

        var run = await RunAsync("v1_consumer_smallest.py");

        Assert.All(values, v => Assert.Contains("Message Value:" + v + "\n", run.StandardOutput, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_manual_commit_consumer_commits_and_its_next_run_starts_after_the_commit()
    {
        var before = await ProduceBatchAsync("before");

        var first = await RunAsync("v1_consumer_manual_commit.py");
        var after = await ProduceBatchAsync("after");
        var second = await RunAsync("v1_consumer_manual_commit.py");

        Assert.All(before, v => Assert.Contains("Message Value:" + v + "\n", first.StandardOutput, StringComparison.Ordinal));
        Assert.Contains("Committed\n", first.StandardOutput, StringComparison.Ordinal);
        Assert.All(after, v => Assert.Contains("Message Value:" + v + "\n", second.StandardOutput, StringComparison.Ordinal));
        Assert.All(before, v => Assert.DoesNotContain(v, second.StandardOutput, StringComparison.Ordinal));
        Assert.Contains("Committed\n", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_consumer_without_a_name_reads_what_arrives_and_is_deleted()
    {
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, Topic, 1);
        var prefix = UniqueNames.For("live");

        // The consumer starts at the end of the log (the default), so records keep coming while it reads.
        var run = await SeedScripts.RunWhileProducingAsync(fixture, "v1_consumer_read_delete.py", Topic, i => ("key-" + prefix + "-" + i, prefix + "-" + i));

        Assert.StartsWith("Creating consumer instance\n", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Message Key:key-" + prefix, run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Message Value:" + prefix, run.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Status Code", run.StandardOutput, StringComparison.Ordinal);
        KafkaClientLibrary.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = fixture.Broker.BootstrapServers }).Build();
        Assert.Empty(admin.ListGroup("group1", TimeSpan.FromSeconds(30)).Members);
    }

    private Task<ExternalProcess.Result> RunAsync(string script) => SeedScripts.RunAsync(fixture.Proxy, script);

    private async Task<string[]> ProduceBatchAsync(string name)
    {
        await KafkaData.CreateTopicAsync(fixture.Broker.BootstrapServers, Topic, 1);
        var prefix = UniqueNames.For(name);
        var values = Enumerable.Range(0, 5).Select(i => prefix + "-" + i).ToArray();
        await KafkaData.ProduceValuesAsync(fixture.Broker.BootstrapServers, Topic, 0, values);
        return values;
    }
}
