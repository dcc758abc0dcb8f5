using System.Net;
using System.Text.Json.Nodes;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>Several distributed workers with one group.id: one cluster that shares connectors and tasks.</summary>
public sealed class ClusterTests(BrokerFixture broker)
{
    private static readonly Dictionary<string, string> StringValues = new() { ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter" };

    [Fact]
    public async Task Two_workers_spread_the_tasks_serve_writes_sent_to_either_and_the_survivor_takes_over_without_loss_or_duplicates()
    {
        using var directory = TemporaryDirectory.Create();
        var group = UniqueNames.For("cluster");
        var topic = UniqueNames.For("spread");
        var first = Path.Combine(directory.Path, "a.txt");
        var second = Path.Combine(directory.Path, "b.txt");
        await File.WriteAllTextAsync(first, "a1\na2\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(second, "b1\nb2\n", TestContext.Current.CancellationToken);
        await using var one = await EmbeddedWorker.DistributedAsync(broker.BootstrapServers, group, StringValues);
        var two = await EmbeddedWorker.DistributedAsync(broker.BootstrapServers, group, StringValues);
        try
        {
            // One of the two does not lead the cluster: its create is forwarded to the leader.
            using var viaOne = await one.SendJsonAsync(HttpMethod.Post, "/connectors", Create("multi", "MultiFileSource", "\"files\":\"" + first + "," + second + "\",\"tasks.max\":2,\"topic\":\"" + topic + "\""));
            using var viaTwo = await two.SendJsonAsync(HttpMethod.Post, "/connectors", Create("idle", "FileStreamSource", "\"file\":\"" + first + "\",\"topic\":\"" + topic + "-idle\""));
            Assert.Equal(HttpStatusCode.Created, viaOne.StatusCode);
            Assert.Equal(HttpStatusCode.Created, viaTwo.StatusCode);
            Assert.Equal("/connectors/idle", viaTwo.Headers.Location?.OriginalString);
            Assert.Contains(one.Logs.Entries.Concat(two.Logs.Entries), e => e.EventId.Id == 504);

            // Either worker answers reads for the whole cluster; the two tasks run on different workers.
            var status = await one.WaitForStateAsync("multi", "RUNNING", tasks: 2);
            await two.WaitForStateAsync("multi", "RUNNING", tasks: 2);
            await two.WaitForStateAsync("idle", "RUNNING");
            var workers = status["tasks"]!.AsArray().Select(t => (string?)t!["worker_id"]).ToList();
            Assert.NotEqual(workers[0], workers[1]);
            Assert.Equal(["a1", "a2", "b1", "b2"], TopicReader.ReadValues(broker.BootstrapServers, topic, 4).Order(StringComparer.Ordinal));
        }
        finally
        {
            await two.DisposeAsync();
        }

        // The survivor runs both tasks now, from the offsets the other committed when it stopped.
        await File.AppendAllTextAsync(first, "a3\n", TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync(second, "b3\n", TestContext.Current.CancellationToken);
        var survivor = one.Http.BaseAddress!.Authority;
        var after = await WaitForAllOnAsync(one, "multi", survivor);
        Assert.All(after["tasks"]!.AsArray(), t => Assert.Equal(survivor, (string?)t!["worker_id"]));
        var values = TopicReader.ReadValues(broker.BootstrapServers, topic, 6);
        Assert.Equal(["a1", "a2", "a3", "b1", "b2", "b3"], values.Order(StringComparer.Ordinal));
        Assert.Equal(6, TopicReader.ReadValues(broker.BootstrapServers, topic, 7, TimeSpan.FromSeconds(3)).Count);

        // The cluster of one still takes changes.
        using var deleted = await one.Http.DeleteAsync(new Uri("/connectors/idle", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task A_restart_sent_to_a_worker_that_does_not_run_the_task_reaches_the_one_that_does()
    {
        var group = UniqueNames.For("restarts");
        await using var one = await EmbeddedWorker.DistributedAsync(broker.BootstrapServers, group);
        await using var two = await EmbeddedWorker.DistributedAsync(broker.BootstrapServers, group);
        foreach (var worker in (EmbeddedWorker[])[one, two])
        {
            worker.Logs.Expect(e => e.Message.Contains(FailingSourceTask.Reason, StringComparison.Ordinal));
        }

        // Each task fails at its first start only; once the cluster is stable nothing restarts it but a request.
        var name = UniqueNames.For("flaky");
        using var created = await one.SendJsonAsync(HttpMethod.Post, "/connectors", Create(name, "FailingSource", "\"fail.times\":1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var restarted = await Elsewhere(await one.WaitForTaskStateAsync(name, "FAILED"), one, two).SendJsonAsync(HttpMethod.Post, "/connectors/" + name + "/tasks/0/restart", string.Empty);
        Assert.Equal(HttpStatusCode.NoContent, restarted.StatusCode);
        await one.WaitForStateAsync(name, "RUNNING");

        // KIP-745's restart goes through the leader and the config topic to whichever worker runs the task.
        var other = UniqueNames.For("flaky");
        using var second = await two.SendJsonAsync(HttpMethod.Post, "/connectors", Create(other, "FailingSource", "\"fail.times\":1"));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        using var planned = await Elsewhere(await two.WaitForTaskStateAsync(other, "FAILED"), one, two).SendJsonAsync(HttpMethod.Post, "/connectors/" + other + "/restart?includeTasks=true&onlyFailed=true", string.Empty);
        Assert.Equal(HttpStatusCode.Accepted, planned.StatusCode);
        await one.WaitForStateAsync(other, "RUNNING");
    }

    [Fact]
    public async Task Metrics_and_logs_asked_of_either_worker_cover_the_tasks_the_other_runs()
    {
        using var directory = TemporaryDirectory.Create();
        var group = UniqueNames.For("monitoring");
        var topic = UniqueNames.For("monitored");
        var files = new[] { Path.Combine(directory.Path, "a.txt"), Path.Combine(directory.Path, "b.txt") };
        await File.WriteAllTextAsync(files[0], "a1\na2\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(files[1], "b1\nb2\nb3\n", TestContext.Current.CancellationToken);
        await using var one = await EmbeddedWorker.DistributedAsync(broker.BootstrapServers, group, StringValues);
        await using var two = await EmbeddedWorker.DistributedAsync(broker.BootstrapServers, group, StringValues);
        using var created = await one.SendJsonAsync(HttpMethod.Post, "/connectors", Create("multi", "MultiFileSource", "\"files\":\"" + string.Join(',', files) + "\",\"tasks.max\":2,\"topic\":\"" + topic + "\""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var status = await one.WaitForStateAsync("multi", "RUNNING", tasks: 2);
        Assert.NotEqual((string?)status["tasks"]![0]!["worker_id"], (string?)status["tasks"]![1]!["worker_id"]);
        Assert.Equal(5, TopicReader.ReadValues(broker.BootstrapServers, topic, 5).Count);

        foreach (var worker in (EmbeddedWorker[])[one, two])
        {
            var metrics = await WaitForPolledAsync(worker, "/connectors/multi/metrics", 5);
            Assert.Equal(5, (long)metrics["totals"]!["records_polled"]!);
            Assert.Equal([2L, 3L], metrics["tasks"]!.AsArray().Select(t => (long)t!["records_polled"]!).Order());
            Assert.Equal(2, metrics["tasks"]!.AsArray().Select(t => (string?)t!["worker_id"]).Distinct().Count());

            var logs = await worker.GetJsonAsync("/connectors/multi/logs");
            var taskNumbers = logs!["lines"]!.AsArray().Select(l => l!["task"]).OfType<JsonNode>().Select(t => (int)t).Distinct().Order();
            Assert.Equal([0, 1], taskNumbers);
        }

        // A task's own metrics, asked of the worker that does not run it, come from the one that does.
        for (var task = 0; task < 2; task++)
        {
            var elsewhere = Elsewhere(status["tasks"]![task]!, one, two);
            var metrics = await WaitForPolledAsync(elsewhere, "/connectors/multi/tasks/" + task + "/metrics", task == 0 ? 2 : 3);
            Assert.Equal((string?)status["tasks"]![task]!["worker_id"], (string?)metrics["worker_id"]);
            var logs = await elsewhere.GetJsonAsync("/connectors/multi/tasks/" + task + "/logs");
            Assert.NotEmpty(logs!["lines"]!.AsArray());
            Assert.All(logs["lines"]!.AsArray(), l => Assert.Equal(task, (int)l!["task"]!));
        }
    }

    /// <summary>Metrics once their records_polled (the totals' for a connector) reached <paramref name="expected"/>.</summary>
    private static Task<JsonNode> WaitForPolledAsync(EmbeddedWorker worker, string path, long expected) =>
        worker.WaitForJsonAsync(path, metrics => (long?)(metrics["totals"] ?? metrics)["records_polled"] == expected, attempts: 100);

    /// <summary>The worker that does not run the task whose status is given.</summary>
    private static EmbeddedWorker Elsewhere(JsonNode task, EmbeddedWorker one, EmbeddedWorker two) =>
        (string?)task["worker_id"] == one.Http.BaseAddress!.Authority ? two : one;

    private static string Create(string name, string connectorClass, string config) =>
        "{\"name\":\"" + name + "\",\"config\":{\"connector.class\":\"" + connectorClass + "\"," + config + "}}";

    /// <summary>Waits until the connector and every task run on <paramref name="workerId"/>.</summary>
    private static Task<JsonNode> WaitForAllOnAsync(EmbeddedWorker worker, string connector, string workerId) =>
        worker.WaitForJsonAsync("/connectors/" + connector + "/status", status => (string?)status["connector"]?["worker_id"] == workerId
            && status["tasks"]?.AsArray() is { Count: 2 } tasks && tasks.All(t => (string?)t!["worker_id"] == workerId && (string?)t["state"] == "RUNNING"));
}
