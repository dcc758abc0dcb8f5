using System.Net;
using System.Text.Json.Nodes;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>The seeds' FileStreamSource flow, as written: the curl commands and the Python script's request.</summary>
public sealed class SeedFlowTests(BrokerFixture broker)
{
    [Fact]
    public async Task File_source_created_as_the_seed_does_streams_appended_lines_as_schemaless_json()
    {
        using var directory = TemporaryDirectory.Create();
        var name = UniqueNames.For("exercise");
        var topic = UniqueNames.For("lesson.sample.logs");
        var file = Path.Combine(directory.Path, name + ".log");
        await File.WriteAllTextAsync(file, "log number 0\nlog number 1\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));

        using (var absent = await worker.Http.GetAsync("/connectors/" + name, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        }

        var body = new JsonObject
        {
            ["name"] = name,
            ["config"] = new JsonObject
            {
                ["connector.class"] = "FileStreamSource",
                ["topic"] = topic,
                ["tasks.max"] = 1,
                ["file"] = file,
                ["key.converter"] = "org.apache.kafka.connect.json.JsonConverter",
                ["key.converter.schemas.enable"] = "false",
                ["value.converter"] = "org.apache.kafka.connect.json.JsonConverter",
                ["value.converter.schemas.enable"] = "false",
            },
        };
        using var created = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", body.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var info = JsonNode.Parse(await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(name, (string?)info["name"]);
        Assert.Equal("1", (string?)info["config"]!["tasks.max"]);
        Assert.Equal(name, (string?)info["config"]!["name"]);
        Assert.Equal("source", (string?)info["type"]);
        Assert.EndsWith("/connectors/" + name, created.Headers.Location!.ToString(), StringComparison.Ordinal);

        await worker.WaitForStateAsync(name, "RUNNING");
        await File.AppendAllTextAsync(file, "log number 2\n", TestContext.Current.CancellationToken);
        var values = TopicReader.ReadValues(broker.BootstrapServers, topic, 3);
        Assert.Equal(["\"log number 0\"", "\"log number 1\"", "\"log number 2\""], values);

        var list = await worker.GetJsonAsync("/connectors");
        Assert.Contains(name, list!.AsArray().Select(n => (string?)n));
        var detail = await worker.GetJsonAsync("/connectors/" + name);
        Assert.Equal(0, (int)detail!["tasks"]![0]!["task"]!);

        using (var paused = await worker.Http.PutAsync("/connectors/" + name + "/pause", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, paused.StatusCode);
        }

        await worker.WaitForStateAsync(name, "PAUSED");
        using (var resumed = await worker.Http.PutAsync("/connectors/" + name + "/resume", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        }

        await worker.WaitForStateAsync(name, "RUNNING");
        using (var restarted = await worker.Http.PostAsync("/connectors/" + name + "/restart", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, restarted.StatusCode);
        }

        var status = await worker.WaitForStateAsync(name, "RUNNING");
        Assert.EndsWith(":" + worker.Worker.Addresses[0].Port, (string?)status["connector"]!["worker_id"], StringComparison.Ordinal);
        var taskStatus = await worker.GetJsonAsync("/connectors/" + name + "/tasks/0/status");
        Assert.Equal("RUNNING", (string?)taskStatus!["state"]);

        using (var deleted = await worker.Http.DeleteAsync("/connectors/" + name, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using var gone = await worker.Http.GetAsync("/connectors/" + name, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("{\"error_code\":404,\"message\":\"Connector " + name + " not found\"}", await gone.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Connector_plugins_lists_the_file_connectors_under_their_apache_class_names()
    {
        using var directory = TemporaryDirectory.Create();
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        var plugins = (await worker.GetJsonAsync("/connector-plugins"))!.AsArray();
        Assert.Contains(plugins, p => (string?)p!["class"] == "org.apache.kafka.connect.file.FileStreamSourceConnector" && (string?)p["type"] == "source");
        Assert.Contains(plugins, p => (string?)p!["class"] == "org.apache.kafka.connect.file.FileStreamSinkConnector" && (string?)p["type"] == "sink");
        Assert.DoesNotContain(plugins, p => (string?)p!["type"] == "converter");
        var all = (await worker.GetJsonAsync("/connector-plugins?connectorsOnly=false"))!.AsArray();
        Assert.Contains(all, p => (string?)p!["class"] == "org.apache.kafka.connect.json.JsonConverter" && (string?)p["type"] == "converter");
    }
}
