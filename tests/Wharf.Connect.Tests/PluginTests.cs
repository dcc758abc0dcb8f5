using System.Net;
using System.Text.Json.Nodes;
using Wharf.Connectors.File;
using Wharf.Testing;

namespace Wharf.Connect.Tests;

/// <summary>Plugins are found by Apache's class names and aliases, and in plugin.path folders, also after the worker started.</summary>
public sealed class PluginTests(BrokerFixture broker)
{
    [Theory]
    [InlineData("FileStreamSource")]
    [InlineData("FileStreamSourceConnector")]
    [InlineData("org.apache.kafka.connect.file.FileStreamSourceConnector")]
    [InlineData("Wharf.Connectors.File.FileStreamSourceConnector")]
    public async Task The_file_source_is_found_by_every_name_apache_accepts(string className)
    {
        using var directory = TemporaryDirectory.Create();
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        using var response = await worker.SendJsonAsync(HttpMethod.Put, "/connector-plugins/" + className + "/config/validate", "{\"connector.class\":\"" + className + "\",\"name\":\"n\",\"topic\":\"t\"}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (int)JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["error_count"]!);
    }

    [Fact]
    public async Task A_stopped_task_disposes_its_converters()
    {
        using var directory = TemporaryDirectory.Create();
        var file = Path.Combine(directory.Path, "in.txt");
        await File.WriteAllTextAsync(file, "a\n", TestContext.Current.CancellationToken);
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        var converter = typeof(DisposalCountingConverter).FullName;
        var before = DisposalCountingConverter.Disposed;
        using var created = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", "{\"name\":\"disposing\",\"config\":{\"connector.class\":\"FileStreamSource\",\"file\":\"" + file + "\",\"topic\":\"" + UniqueNames.For("disposing") + "\",\"key.converter\":\"" + converter + "\",\"value.converter\":\"" + converter + "\"}}");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await worker.WaitForStateAsync("disposing", "RUNNING");

        using var deleted = await worker.Http.DeleteAsync(new Uri("/connectors/disposing", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DisposalCountingConverter.Disposed < before + 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Equal(before + 2, DisposalCountingConverter.Disposed);
    }

    [Fact]
    public async Task The_config_definition_of_a_plugin_lists_framework_and_connector_keys()
    {
        using var directory = TemporaryDirectory.Create();
        await using var worker = await EmbeddedWorker.StandaloneAsync(broker.BootstrapServers, Path.Combine(directory.Path, "offsets"));
        var keys = (await worker.GetJsonAsync("/connector-plugins/FileStreamSource/config"))!.AsArray();
        var topic = keys.Single(k => (string?)k!["name"] == "topic")!;
        Assert.Equal("STRING", (string?)topic["type"]);
        Assert.True((bool)topic["required"]!);
        Assert.Equal("HIGH", (string?)topic["importance"]);
        var batch = keys.Single(k => (string?)k!["name"] == "batch.size")!;
        Assert.Equal("2000", (string?)batch["default_value"]);
        Assert.Contains(keys, k => (string?)k!["name"] == "tasks.max");
        using var unknown = await worker.Http.GetAsync("/connector-plugins/NoSuchPlugin/config", TestContext.Current.CancellationToken);
        Assert.Equal("{\"error_code\":404,\"message\":\"Unknown plugin NoSuchPlugin.\"}", await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_plugin_copied_into_plugin_path_while_the_worker_runs_is_found()
    {
        using var directory = TemporaryDirectory.Create();
        var pluginPath = Path.Combine(directory.Path, "plugins");
        Directory.CreateDirectory(pluginPath);
        await using var worker = await EmbeddedWorker.StandaloneAsync(
            broker.BootstrapServers,
            Path.Combine(directory.Path, "offsets"),
            new Dictionary<string, string> { ["plugin.path"] = pluginPath },
            plugins: [typeof(EmbeddedWorker).Assembly]);
        var config = "{\"name\":\"late\",\"config\":{\"connector.class\":\"FileStreamSink\",\"topics\":\"t\",\"file\":\"" + Path.Combine(directory.Path, "out.txt") + "\"}}";
        using (var before = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", config))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, before.StatusCode);
        }

        var folder = Path.Combine(pluginPath, "file-connectors");
        Directory.CreateDirectory(folder);
        File.Copy(typeof(FileStreamSinkConnector).Assembly.Location, Path.Combine(folder, "Wharf.Connectors.File.dll"));
        using (var after = await worker.SendJsonAsync(HttpMethod.Post, "/connectors", config))
        {
            Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        }

        await worker.WaitForStateAsync("late", "RUNNING");
    }
}
