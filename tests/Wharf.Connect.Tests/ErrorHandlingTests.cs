using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>
/// KIP-298 error handling (errors.tolerance, errors.retry.*, errors.log.*, the sink dead letter queue), the
/// explained trace of a FAILED task, and Wharf's metrics and logs endpoints.
/// </summary>
public sealed class ErrorHandlingTests(BrokerFixture broker)
{
    private const string Good1 = "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"a\"}";
    private const string Good2 = "{\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"c\"}";
    private const string Malformed = "this is not json";

    [Fact]
    public async Task With_errors_tolerance_none_a_record_the_converter_cannot_read_fails_the_sink_task_with_a_trace_that_explains_it()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("strict-sink");
        var topic = UniqueNames.For("strict-in");
        KafkaRecords.Produce(broker.BootstrapServers, topic, [(Good1, null), (Malformed, null)]);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        worker.Logs.Expect(e => e.Message.StartsWith("Task " + name + "-0 failed and will not recover until restarted: ", StringComparison.Ordinal));
        await worker.CreateConnectorAsync(name, SinkConfig(topic, Path.Combine(directory.Path, "out.txt")));

        var task = await worker.WaitForTaskStateAsync(name, "FAILED");
        var trace = (string)task["trace"]!;
        var explanation = trace.Split('\n')[0];
        Assert.StartsWith("Task " + name + "-0 failed: the value converter (org.apache.kafka.connect.json.JsonConverter) failed on the record of topic '" + topic + "', partition 0, offset 1 with ", explanation, StringComparison.Ordinal);
        Assert.Contains("set errors.tolerance=all", explanation, StringComparison.Ordinal);
        Assert.EndsWith("then restart the task (POST /connectors/" + name + "/tasks/0/restart).", explanation, StringComparison.Ordinal);
        Assert.Contains("Tolerance exceeded in error handler", trace, StringComparison.Ordinal);

        var metrics = await worker.GetJsonAsync("/connectors/" + name + "/tasks/0/metrics");
        Assert.Equal("FAILED", (string?)metrics!["state"]);
        Assert.Equal(1, (long)metrics["errors_total"]!);
        Assert.InRange((long)metrics["records_put"]!, 0, 1);
        Assert.Equal(0, (long)metrics["records_skipped"]!);
    }

    [Fact]
    public async Task With_errors_tolerance_all_bad_records_are_skipped_into_the_dead_letter_queue_as_read_with_the_context_headers()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("lenient-sink");
        var topic = UniqueNames.For("lenient-in");
        var dlq = UniqueNames.For("lenient-dlq");
        var output = Path.Combine(directory.Path, "out.txt");
        KafkaRecords.Produce(broker.BootstrapServers, topic, [(Good1, null), (Malformed, new Dictionary<string, string> { ["origin"] = "test" }), (Good2, null)]);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        worker.Logs.Expect(e => e.Message.StartsWith("Error encountered in task " + name + "-0.", StringComparison.Ordinal));
        var config = SinkConfig(topic, output);
        config["errors.tolerance"] = "all";
        config["errors.log.enable"] = "true";
        config["errors.log.include.messages"] = "true";
        config["errors.deadletterqueue.topic.name"] = dlq;
        config["errors.deadletterqueue.topic.replication.factor"] = "1";
        config["errors.deadletterqueue.context.headers.enable"] = "true";
        await worker.CreateConnectorAsync(name, config);

        var dead = Assert.Single(KafkaRecords.Read(broker.BootstrapServers, dlq, 1));
        Assert.Equal(Malformed, Encoding.UTF8.GetString(dead.Value!));
        Assert.Equal("test", KafkaRecords.Header(dead, "origin"));
        Assert.Equal(topic, KafkaRecords.Header(dead, "__connect.errors.topic"));
        Assert.Equal("0", KafkaRecords.Header(dead, "__connect.errors.partition"));
        Assert.Equal("1", KafkaRecords.Header(dead, "__connect.errors.offset"));
        Assert.Equal(name, KafkaRecords.Header(dead, "__connect.errors.connector.name"));
        Assert.Equal("0", KafkaRecords.Header(dead, "__connect.errors.task.id"));
        Assert.Equal("VALUE_CONVERTER", KafkaRecords.Header(dead, "__connect.errors.stage"));
        Assert.Equal("org.apache.kafka.connect.json.JsonConverter", KafkaRecords.Header(dead, "__connect.errors.class.name"));
        Assert.EndsWith("DataException", KafkaRecords.Header(dead, "__connect.errors.exception.class.name"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(KafkaRecords.Header(dead, "__connect.errors.exception.message")));
        Assert.Contains(KafkaRecords.Header(dead, "__connect.errors.exception.message")!, KafkaRecords.Header(dead, "__connect.errors.exception.stacktrace"), StringComparison.Ordinal);

        var metrics = await WaitForMetricsAsync(worker, name, m => (long)m["totals"]!["records_put"]! == 2 && (long)m["totals"]!["offset_commits"]! > 0
            && m["tasks"]![0]!["partitions"]!.AsArray() is [{ } p] && (long)p["consumed_offset"]! == 3);
        Assert.Equal("RUNNING", (string?)metrics["state"]);
        var totals = metrics["totals"]!;
        Assert.Equal(3, (long)totals["records_read"]!);
        Assert.Equal(1, (long)totals["records_skipped"]!);
        Assert.Equal(1, (long)totals["errors_total"]!);
        Assert.Equal(1, (long)totals["errors_logged"]!);
        Assert.Equal(1, (long)totals["dlq_records"]!);
        Assert.Equal(0, (long)totals["dlq_failures"]!);
        Assert.NotNull((string?)totals["last_activity"]);
        Assert.True((long)totals["last_activity_ms"]! > 0);
        var partition = Assert.Single(metrics["tasks"]![0]!["partitions"]!.AsArray());
        Assert.Equal(3, (long)partition!["end_offset"]!);
        Assert.Equal(0, (long)partition["lag"]!);
        Assert.Equal(0, (long)metrics["totals"]!["lag"]!);
        Assert.Equal("a\nc\n", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken));

        var logs = await worker.GetJsonAsync("/connectors/" + name + "/logs");
        var error = Assert.Single(logs!["lines"]!.AsArray(), l => (string?)l!["level"] == "ERROR");
        Assert.StartsWith(
            "Error encountered in task " + name + "-0. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter', where consumed record is {topic='" + topic + "', partition=0, offset=1, timestamp=",
            (string?)error!["message"],
            StringComparison.Ordinal);
        Assert.Equal(0, (int)error["task"]!);
        Assert.Equal("Wharf.Connect.Task." + name + "-0", (string?)error["logger"]);
        Assert.Contains("DataException", (string?)error["exception"], StringComparison.Ordinal);
        var limited = await worker.GetJsonAsync("/connectors/" + name + "/tasks/0/logs?limit=1");
        Assert.Single(limited!["lines"]!.AsArray());
    }

    [Fact]
    public async Task A_retriable_failure_is_retried_with_backoff_within_errors_retry_timeout_and_the_records_go_through()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("retrying-source");
        var topic = UniqueNames.For("retrying-out");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "one\ntwo\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        var config = SourceConfig(topic, file, name, exception: "retriable", failTimes: 2);
        config["errors.retry.timeout"] = "60000";
        config["errors.retry.delay.max.ms"] = "1000";
        await worker.CreateConnectorAsync(name, config);

        Assert.Equal(["one", "two"], TopicReader.ReadValues(broker.BootstrapServers, topic, 2));
        var metrics = await WaitForMetricsAsync(worker, name, m => (long)m["totals"]!["records_written"]! == 2);
        var task = metrics["tasks"]![0]!;
        Assert.Equal("RUNNING", (string?)task["state"]);
        Assert.Equal(2, (long)task["records_polled"]!);
        Assert.Equal(2, (long)task["retries"]!);
        Assert.Equal(2, (long)task["errors_total"]!);
        Assert.Equal(0, (long)task["records_skipped"]!);
    }

    [Fact]
    public async Task When_retries_run_out_with_errors_tolerance_none_the_task_fails()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("exhausted");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "one\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        worker.Logs.Expect(e => e.Message.StartsWith("Task " + name + "-0 failed and will not recover until restarted: ", StringComparison.Ordinal));
        var config = SourceConfig(UniqueNames.For("exhausted-out"), file, name, exception: "retriable", failTimes: int.MaxValue);
        config["errors.retry.timeout"] = "500";
        await worker.CreateConnectorAsync(name, config);

        var trace = (string)(await worker.WaitForTaskStateAsync(name, "FAILED"))["trace"]!;
        Assert.Contains("with RetriableException: " + FlakyTransformation.Reason, trace.Split('\n')[0], StringComparison.Ordinal);
        Assert.Contains("Tolerance exceeded in error handler", trace, StringComparison.Ordinal);
        var metrics = await worker.GetJsonAsync("/connectors/" + name + "/tasks/0/metrics");
        Assert.Equal((long)metrics!["retries"]! + 1, (long)metrics["errors_total"]!);
    }

    [Fact]
    public async Task With_errors_tolerance_all_a_record_a_transformation_rejects_is_skipped_and_counted()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("skipping-source");
        var topic = UniqueNames.For("skipping-out");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "one\ntwo\nthree\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        var config = SourceConfig(topic, file, name, exception: "data", failTimes: 1);
        config["errors.tolerance"] = "all";
        await worker.CreateConnectorAsync(name, config);

        Assert.Equal(["two", "three"], TopicReader.ReadValues(broker.BootstrapServers, topic, 2));
        var metrics = await WaitForMetricsAsync(worker, name, m => (long)m["totals"]!["records_written"]! == 2);
        Assert.Equal(3, (long)metrics["totals"]!["records_polled"]!);
        Assert.Equal(1, (long)metrics["totals"]!["records_skipped"]!);
        Assert.Equal(0, (long)metrics["totals"]!["retries"]!);
    }

    [Fact]
    public async Task With_errors_tolerance_none_a_failing_transformation_fails_the_source_task_and_restarting_the_task_delivers_everything()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("failing-transform");
        var topic = UniqueNames.For("failing-transform-out");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "one\ntwo\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        worker.Logs.Expect(e => e.Message.StartsWith("Task " + name + "-0 failed and will not recover until restarted: ", StringComparison.Ordinal));
        await worker.CreateConnectorAsync(name, SourceConfig(topic, file, name, exception: "data", failTimes: 1));

        var task = await worker.WaitForTaskStateAsync(name, "FAILED");
        var trace = (string)task["trace"]!;
        Assert.StartsWith("Task " + name + "-0 failed: the transformation Wharf.Connect.Tests.FlakyTransformation failed on the record of topic '" + topic + "' with DataException: " + FlakyTransformation.Reason + ".", trace, StringComparison.Ordinal);
        Assert.Contains("Tolerance exceeded in error handler", trace, StringComparison.Ordinal);

        using (var restart = await worker.Http.PostAsync("/connectors/" + name + "/tasks/0/restart", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, restart.StatusCode);
        }

        await worker.WaitForStateAsync(name, "RUNNING");
        Assert.Equal(["one", "two"], TopicReader.ReadValues(broker.BootstrapServers, topic, 2));

        var lines = (await worker.GetJsonAsync("/connectors/" + name + "/logs"))!["lines"]!.AsArray();
        var failure = Assert.Single(lines, l => (string?)l!["level"] == "ERROR");
        Assert.Contains(FlakyTransformation.Reason, (string?)failure!["exception"], StringComparison.Ordinal);
        Assert.Equal(2, lines.Count(l => (string?)l!["message"] == "Task " + name + "-0 started"));
        Assert.Contains(lines, l => l!["task"] is null && ((string?)l["message"])!.StartsWith("Connector " + name + " ", StringComparison.Ordinal));
        var taskLines = (await worker.GetJsonAsync("/connectors/" + name + "/tasks/0/logs"))!["lines"]!.AsArray();
        Assert.All(taskLines, l => Assert.Equal(0, (int)l!["task"]!));
    }

    [Fact]
    public async Task A_sink_put_that_throws_a_retriable_exception_gets_the_same_batch_again_and_nothing_is_lost_or_doubled()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("flaky-sink");
        var topic = UniqueNames.For("flaky-sink-in");
        KafkaRecords.Produce(broker.BootstrapServers, topic, [("x", null), ("y", null), ("z", null)]);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        worker.Logs.Expect(e => e.Message.Contains(FlakySinkTask.Reason, StringComparison.Ordinal));
        await worker.CreateConnectorAsync(name, new Dictionary<string, string>
        {
            ["connector.class"] = "FlakySinkConnector",
            ["topics"] = topic,
            ["fail.puts"] = "2",
            ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
        });

        var metrics = await WaitForMetricsAsync(worker, name, m => (long)m["totals"]!["records_put"]! == 3);
        Assert.Equal(["x", "y", "z"], FlakySinkTask.Received[name].ToList());
        Assert.Equal(2, (long)metrics["totals"]!["retries"]!);
        Assert.Equal(0, (long)metrics["totals"]!["records_skipped"]!);
        Assert.Equal("RUNNING", (string?)metrics["tasks"]![0]!["state"]);
    }

    [Fact]
    public async Task A_dead_letter_queue_that_cannot_be_created_fails_the_task_at_start_with_the_reason()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("dlq-rf3");
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        worker.Logs.Expect(e => e.Message.StartsWith("Task " + name + "-0 failed and will not recover until restarted: ", StringComparison.Ordinal));
        var config = SinkConfig(UniqueNames.For("dlq-rf3-in"), Path.Combine(directory.Path, "out.txt"));
        config["errors.deadletterqueue.topic.name"] = UniqueNames.For("dlq-rf3-dlq");
        await worker.CreateConnectorAsync(name, config);

        var trace = (string)(await worker.WaitForTaskStateAsync(name, "FAILED"))["trace"]!;
        Assert.StartsWith("Task " + name + "-0 failed: it could not start: ConnectException: Could not initialize dead letter queue with topic=" + config["errors.deadletterqueue.topic.name"] + ": ", trace, StringComparison.Ordinal);
        Assert.Contains("Replication factor", trace.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_and_logs_of_unknown_connectors_and_tasks_are_404_with_apache_error_bodies()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("known");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, string.Empty, TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        await worker.CreateConnectorAsync(name, new Dictionary<string, string> { ["connector.class"] = "FileStreamSource", ["topic"] = UniqueNames.For("known-out"), ["file"] = file });
        await worker.WaitForStateAsync(name, "RUNNING");

        foreach (var path in new[] { "/connectors/nobody/metrics", "/connectors/nobody/logs", "/connectors/nobody/tasks/0/metrics", "/connectors/nobody/tasks/0/logs" })
        {
            using var response = await worker.Http.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("{\"error_code\":404,\"message\":\"Connector nobody not found\"}", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        foreach (var path in new[] { "/connectors/" + name + "/tasks/3/metrics", "/connectors/" + name + "/tasks/3/logs" })
        {
            using var response = await worker.Http.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("{\"error_code\":404,\"message\":\"Unknown task: " + name + "-3\"}", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        using var badLimit = await worker.Http.GetAsync("/connectors/" + name + "/logs?limit=lots", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        var metrics = await worker.GetJsonAsync("/connectors/" + name + "/metrics");
        Assert.Equal("source", (string?)metrics!["type"]);
        Assert.Equal(0, (long)metrics["totals"]!["records_polled"]!);
    }

    [Fact]
    public async Task The_error_handling_keys_are_defined_for_connector_plugins_and_a_sink_may_not_read_its_dead_letter_queue()
    {
        using var directory = TemporaryDirectory.Create();
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        string[] common = ["errors.retry.timeout", "errors.retry.delay.max.ms", "errors.tolerance", "errors.log.enable", "errors.log.include.messages"];
        string[] sinkOnly = ["errors.deadletterqueue.topic.name", "errors.deadletterqueue.topic.replication.factor", "errors.deadletterqueue.context.headers.enable"];

        using var validate = await worker.SendJsonAsync(HttpMethod.Put, "/connector-plugins/FileStreamSink/config/validate",
            "{\"connector.class\":\"FileStreamSink\",\"name\":\"s\",\"topics\":\"in,dead\",\"errors.deadletterqueue.topic.name\":\"dead\",\"errors.tolerance\":\"some\"}");
        var result = JsonNode.Parse(await validate.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var configs = result["configs"]!.AsArray().ToDictionary(c => (string)c!["value"]!["name"]!, c => c!);
        Assert.All(common.Concat(sinkOnly), key => Assert.Equal("Error Handling", (string?)configs[key]["definition"]!["group"]));
        Assert.Equal("60000", (string?)configs["errors.retry.delay.max.ms"]["definition"]!["default_value"]);
        Assert.Equal("LONG", (string?)configs["errors.retry.timeout"]["definition"]!["type"]);
        Assert.Equal("SHORT", (string?)configs["errors.deadletterqueue.topic.replication.factor"]["definition"]!["type"]);
        Assert.Equal(["The DLQ topic 'dead' may not be included in the list of topics ('topics=[in, dead]') consumed by the connector"], configs["topics"]["value"]!["errors"]!.AsArray().Select(e => (string?)e));
        Assert.Equal(["Invalid value some for configuration errors.tolerance: String must be one of: none, all"], configs["errors.tolerance"]["value"]!["errors"]!.AsArray().Select(e => (string?)e));
        Assert.Equal(2, (int)result["error_count"]!);

        var definitions = (await worker.GetJsonAsync("/connector-plugins/FileStreamSinkConnector/config"))!.AsArray().Select(d => (string)d!["name"]!).ToList();
        Assert.All(common.Concat(sinkOnly), key => Assert.Contains(key, definitions));

        using var source = await worker.SendJsonAsync(HttpMethod.Put, "/connector-plugins/FileStreamSource/config/validate", "{\"connector.class\":\"FileStreamSource\",\"name\":\"s\",\"topic\":\"t\"}");
        var sourceKeys = JsonNode.Parse(await source.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["configs"]!.AsArray().Select(c => (string)c!["value"]!["name"]!).ToList();
        Assert.All(common, key => Assert.Contains(key, sourceKeys));
        Assert.All(sinkOnly, key => Assert.DoesNotContain(key, sourceKeys));
    }

    private static Dictionary<string, string> SinkConfig(string topic, string file) => new()
    {
        ["connector.class"] = "FileStreamSink",
        ["topics"] = topic,
        ["file"] = file,
        ["key.converter"] = "org.apache.kafka.connect.storage.StringConverter",
        ["value.converter"] = "org.apache.kafka.connect.json.JsonConverter",
        ["value.converter.schemas.enable"] = "true",
    };

    private static Dictionary<string, string> SourceConfig(string topic, string file, string counter, string exception, int failTimes) => new()
    {
        ["connector.class"] = "FileStreamSource",
        ["topic"] = topic,
        ["file"] = file,
        ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
        ["transforms"] = "flaky",
        ["transforms.flaky.type"] = "FlakyTransformation",
        ["transforms.flaky.exception"] = exception,
        ["transforms.flaky.fail.times"] = failTimes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["transforms.flaky.counter"] = counter,
    };

    /// <summary>Waits until the connector's metrics document satisfies <paramref name="done"/>, and returns it.</summary>
    private static Task<JsonNode> WaitForMetricsAsync(EmbeddedWorker worker, string name, Func<JsonNode, bool> done) =>
        worker.WaitForJsonAsync("/connectors/" + name + "/metrics", metrics => metrics["totals"] is not null && done(metrics));
}
