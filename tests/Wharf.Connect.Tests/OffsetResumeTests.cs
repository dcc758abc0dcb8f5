using System.Net;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>Source offsets survive a worker restart: nothing is lost and nothing is read twice.</summary>
public sealed class OffsetResumeTests(BrokerFixture broker)
{
    /// <summary>Wharf's own protocol client (the default), or librdkafka for a producer setting only it implements.</summary>
    public static TheoryData<string> Paths => new() { "wire", "librdkafka" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_restarted_standalone_worker_resumes_the_file_after_the_last_line_it_stored(string path)
    {
        using var directory = TemporaryDirectory.Create();
        var topic = UniqueNames.For("resume");
        var file = Path.Combine(directory.Path, "in.txt");
        var offsets = Path.Combine(directory.Path, "connect.offsets");
        await File.WriteAllTextAsync(file, "one\ntwo\nthree\n", TestContext.Current.CancellationToken);
        var connector = new Dictionary<string, string>
        {
            ["name"] = "resume-source",
            ["connector.class"] = "FileStreamSource",
            ["topic"] = topic,
            ["file"] = file,
            ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
        };

        var first = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, offsets, ProducerOverrides(path), connectors: [connector]);
        await using (first)
        {
            Assert.Equal(["one", "two", "three"], TopicReader.ReadValues(broker.BootstrapServers, topic, 3));
        }

        Assert.True(File.Exists(offsets), "The stopped worker stored no offsets. Its log:\n" + string.Join('\n', first.Logs.Entries));
        await File.AppendAllTextAsync(file, "four\r\nfive\n", TestContext.Current.CancellationToken);
        await using (var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, offsets, ProducerOverrides(path), connectors: [connector]))
        {
            Assert.Equal(["one", "two", "three", "four", "five"], TopicReader.ReadValues(broker.BootstrapServers, topic, 5));

            // Once records came, the task has started and said how it produces.
            Assert.Contains(worker.Logs.Entries, e => e.Message.StartsWith("Task resume-source-0 produces through " + (path == "wire" ? "Wharf's" : "librdkafka"), StringComparison.Ordinal));
            Assert.Equal(5, TopicReader.ReadValues(broker.BootstrapServers, topic, 6, TimeSpan.FromSeconds(2)).Count);

            var stored = await worker.GetJsonAsync("/connectors/resume-source/offsets");
            Assert.Equal(file, (string?)stored!["offsets"]![0]!["partition"]!["filename"]);
            Assert.Equal(File.ReadAllBytes(file).Length, (long)stored["offsets"]![0]!["offset"]!["position"]!);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Lines_read_over_many_polls_arrive_in_order_and_a_restarted_worker_goes_on_after_the_last_stored_line_without_gaps_or_repeats(string path)
    {
        using var directory = TemporaryDirectory.Create();
        var topic = UniqueNames.For("resume-many");
        var file = Path.Combine(directory.Path, "in.txt");
        var offsets = Path.Combine(directory.Path, "connect.offsets");
        await File.WriteAllLinesAsync(file, Lines(0, 6000), TestContext.Current.CancellationToken);
        var connector = new Dictionary<string, string>
        {
            ["name"] = "resume-many-source",
            ["connector.class"] = "FileStreamSource",
            ["topic"] = topic,
            ["file"] = file,
            ["batch.size"] = "100", // 60 polls and more, so several are sent while others are polled
            ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
        };

        await using (var first = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, offsets, ProducerOverrides(path), connectors: [connector]))
        {
            Assert.Equal(Lines(0, 6000), TopicReader.ReadValues(broker.BootstrapServers, topic, 6000));
        }

        await File.AppendAllLinesAsync(file, Lines(6000, 4000), TestContext.Current.CancellationToken);
        await using (var second = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, offsets, ProducerOverrides(path), connectors: [connector]))
        {
            Assert.Equal(Lines(0, 10_000), TopicReader.ReadValues(broker.BootstrapServers, topic, 10_000));
            Assert.Equal(10_000, TopicReader.ReadValues(broker.BootstrapServers, topic, 10_001, TimeSpan.FromSeconds(2)).Count);
        }
    }

    [Fact]
    public async Task Offsets_of_a_stopped_source_connector_can_be_reset_so_it_reads_the_file_again()
    {
        using var directory = TemporaryDirectory.Create();
        var topic = UniqueNames.For("reset");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "a\nb\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"), new Dictionary<string, string>
        {
            ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
        });
        using (var created = await worker.SendJsonAsync(HttpMethod.Put, "/connectors/reset-source/config", "{\"connector.class\":\"FileStreamSource\",\"topic\":\"" + topic + "\",\"file\":\"" + file + "\"}"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.Equal(2, TopicReader.ReadValues(broker.BootstrapServers, topic, 2).Count);
        using (var refused = await worker.Http.DeleteAsync("/connectors/reset-source/offsets", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var stopped = await worker.Http.PutAsync("/connectors/reset-source/stop", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, stopped.StatusCode);
        }

        var status = await worker.GetJsonAsync("/connectors/reset-source/status");
        Assert.Equal("STOPPED", (string?)status!["connector"]!["state"]);
        Assert.Empty(status["tasks"]!.AsArray());
        using (var reset = await worker.Http.DeleteAsync("/connectors/reset-source/offsets", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
            Assert.Contains("reset successfully", await reset.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        using (var resumed = await worker.Http.PutAsync("/connectors/reset-source/resume", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        }

        Assert.Equal(["a", "b", "a", "b"], TopicReader.ReadValues(broker.BootstrapServers, topic, 4));
    }

    private static Dictionary<string, string>? ProducerOverrides(string path) =>
        path == "wire" ? null : new Dictionary<string, string> { ["producer.socket.keepalive.enable"] = "true" };

    private static List<string> Lines(int from, int count) => Enumerable.Range(from, count).Select(i => "line " + i).ToList();
}
