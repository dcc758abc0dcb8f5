using System.Net;
using System.Text.Json.Nodes;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>Failing tasks, restarts, and bad input: clear answers, and the worker and other connectors carry on.</summary>
public sealed class FailureTests(BrokerFixture broker)
{
    [Fact]
    public async Task A_task_that_fails_is_FAILED_with_its_trace_and_a_restart_of_failed_tasks_brings_it_back_to_RUNNING()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("failing");
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        worker.Logs.Expect(e => e.Message.Contains(FailingSourceTask.Reason, StringComparison.Ordinal));
        using var created = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\":\"" + name + "\",\"config\":{\"connector.class\":\"FailingSource\",\"fail.times\":1}}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var task = await worker.WaitForTaskStateAsync(name, "FAILED", attempts: 100);
        Assert.Contains(FailingSourceTask.Reason, (string?)task["trace"], StringComparison.Ordinal);
        var status = await worker.GetJsonAsync("/connectors/" + name + "/status");
        Assert.Equal("RUNNING", (string?)status!["connector"]!["state"]);
        Assert.Null(status["connector"]!["trace"]);

        using var restart = await worker.Http.PostAsync("/connectors/" + name + "/restart?includeTasks=true&onlyFailed=true", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        var plan = JsonNode.Parse(await restart.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("RUNNING", (string?)plan["connector"]!["state"]);
        Assert.Equal("RESTARTING", (string?)plan["tasks"]![0]!["state"]);
        await worker.WaitForStateAsync(name, "RUNNING");
    }

    [Fact]
    public async Task An_invalid_config_gets_validation_errors_per_field_and_a_400_on_create()
    {
        using var directory = TemporaryDirectory.Create();
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        using var validate = await worker.SendJsonAsync(HttpMethod.Put, "/connector-plugins/FileStreamSourceConnector/config/validate", "{\"connector.class\":\"FileStreamSource\",\"name\":\"x\",\"tasks.max\":0}");
        Assert.Equal(HttpStatusCode.OK, validate.StatusCode);
        var result = JsonNode.Parse(await validate.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(2, (int)result["error_count"]!);
        Assert.Equal("FileStreamSource", (string?)result["name"]);
        var errors = result["configs"]!.AsArray().ToDictionary(c => (string)c!["value"]!["name"]!, c => c!["value"]!["errors"]!.AsArray().Select(e => (string?)e).ToList());
        Assert.Equal(["Invalid value 0 for configuration tasks.max: Value must be at least 1"], errors["tasks.max"]);
        Assert.Equal(["Missing required configuration \"topic\" which has no default value."], errors["topic"]);
        Assert.Empty(errors["file"]);
        Assert.Contains("Common", result["groups"]!.AsArray().Select(g => (string?)g));

        using var create = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\":\"bad\",\"config\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"0\"}}");
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        var error = JsonNode.Parse(await create.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(400, (int)error["error_code"]!);
        Assert.Equal(
            "Connector configuration is invalid and contains the following 2 error(s):\nInvalid value 0 for configuration tasks.max: Value must be at least 1\n"
            + "Missing required configuration \"topic\" which has no default value.\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`",
            (string?)error["message"]);
    }

    [Fact]
    public async Task Unknown_classes_malformed_json_and_duplicates_are_answered_clearly_and_the_worker_keeps_running_its_connectors()
    {
        using var directory = TemporaryDirectory.Create();
        var good = UniqueNames.For("good");
        var topic = UniqueNames.For("good-topic");
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "first\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"), new Dictionary<string, string>
        {
            ["value.converter"] = "org.apache.kafka.connect.storage.StringConverter",
        });
        var goodConfig = "{\"name\":\"" + good + "\",\"config\":{\"connector.class\":\"org.apache.kafka.connect.file.FileStreamSourceConnector\",\"topic\":\"" + topic + "\",\"file\":\"" + file + "\"}}";
        using (var created = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", goodConfig))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var duplicate = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", goodConfig))
        {
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
            Assert.Equal("{\"error_code\":409,\"message\":\"Connector " + good + " already exists\"}", await duplicate.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        using (var unknown = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\":\"u\",\"config\":{\"connector.class\":\"com.example.NoSuchConnector\"}}"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, unknown.StatusCode);
            var message = (string?)JsonNode.Parse(await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["message"];
            Assert.StartsWith("Failed to find any class that implements Connector and which name matches com.example.NoSuchConnector, available connectors are: ", message, StringComparison.Ordinal);
            Assert.Contains("org.apache.kafka.connect.file.FileStreamSinkConnector", message, StringComparison.Ordinal);
        }

        using (var malformed = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\": \"m\", \"config\": {"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, malformed.StatusCode);
            Assert.Contains("JSON", (string?)JsonNode.Parse(await malformed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["message"], StringComparison.Ordinal);
        }

        using (var notJson = await worker.Http.PostAsync("/connectors", new StringContent("name=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        }

        using (var mismatch = await worker.SendJsonAsync(HttpMethod.Put, "/connectors/a/config", "{\"name\":\"b\",\"connector.class\":\"FileStreamSource\",\"topic\":\"t\"}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
            Assert.Equal("Connector name configuration (b) doesn't match connector name in the URL (a)", (string?)JsonNode.Parse(await mismatch.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["message"]);
        }

        using (var unknownPath = await worker.Http.GetAsync("/no/such/path", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownPath.StatusCode);
            Assert.Equal("{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}", await unknownPath.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        using (var noStatus = await worker.Http.GetAsync("/connectors/nobody/status", TestContext.Current.CancellationToken))
        {
            Assert.Equal("{\"error_code\":404,\"message\":\"No status found for connector nobody\"}", await noStatus.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        // A source whose file does not exist runs and waits for it; it disturbs nobody.
        var missing = UniqueNames.For("missing");
        worker.Logs.Expect(e => e.Message.Contains("does not exist", StringComparison.Ordinal));
        using (var created = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\":\"" + missing + "\",\"config\":{\"connector.class\":\"FileStreamSource\",\"topic\":\"" + topic + "-2\",\"file\":\"" + Path.Combine(directory.Path, "absent.txt") + "\"}}"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        await worker.WaitForStateAsync(missing, "RUNNING");
        await worker.WaitForStateAsync(good, "RUNNING");
        await File.AppendAllTextAsync(file, "second\n", TestContext.Current.CancellationToken);
        Assert.Equal(["first", "second"], TopicReader.ReadValues(broker.BootstrapServers, topic, 2));
    }
}
