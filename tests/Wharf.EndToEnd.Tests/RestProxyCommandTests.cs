using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Testing;

namespace Wharf.EndToEnd.Tests;

/// <summary>
/// The REST Proxy as a user runs it: `wharf rest-proxy --config kafka-rest.properties` against the broker of
/// another wharf process, `wharf start` serving Kafka and REST from one process, and bad settings refused with
/// Kafka's messages before anything starts.
/// </summary>
public sealed class RestProxyCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Rest_proxy_from_a_properties_file_serves_another_processes_broker_and_warns_about_keys_it_does_not_use()
    {
        await using var broker = await WharfProcess.StartBrokerAsync();
        using var directory = TemporaryDirectory.Create();
        var port = WharfProcess.FindFreePort();
        var config = Path.Combine(directory.Path, "kafka-rest.properties");
        await File.WriteAllTextAsync(config, string.Join('\n',
            "# as Confluent ships it, plus the cluster and a listener",
            "id=kafka-rest-test-server",
            "listeners=http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            "bootstrap.servers=PLAINTEXT://" + broker.BootstrapServers,
            "consumer.request.timeout.ms=500",
            "confluent.support.metrics.enable=false",
            string.Empty), TestContext.Current.CancellationToken);
        var topic = UniqueNames.For("rest-cli");

        await using var proxy = await WharfProcess.StartRestProxyAsync(config, port);
        using var http = new HttpClient { BaseAddress = WharfProcess.RestAddress(port), Timeout = Deadline };
        var produced = await PostAsync(http, "/topics/" + topic, "{\"records\":[{\"key\":\"" + Base64("k") + "\",\"value\":\"" + Base64("over REST") + "\"}]}", "application/vnd.kafka.binary.v2+json");

        Assert.Contains("\"error\":null", produced, StringComparison.Ordinal);
        Assert.Equal(("k", "over REST"), ReadOne(broker.BootstrapServers, topic));
        var consumer = JsonDocument.Parse(await PostAsync(http, "/consumers/cli-group", """{"name":"c","format":"binary","auto.offset.reset":"earliest"}""", "application/vnd.kafka.v2+json")).RootElement;
        Assert.StartsWith("http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/consumers/cli-group/instances/c", consumer.GetProperty("base_uri").GetString(), StringComparison.Ordinal);
        await PostAsync(http, "/consumers/cli-group/instances/c/assignments", "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}", "application/vnd.kafka.v2+json");
        Assert.Equal("over REST", await ReadOverRestAsync(http, "/consumers/cli-group/instances/c/records"));
        var warning = Assert.Single(proxy.Logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("Ignoring keys of " + config + " that Wharf does not use: confluent.support.metrics.enable", warning.Message);
    }

    [Fact]
    public async Task Start_serves_Kafka_and_REST_and_kcat_reads_what_was_produced_over_REST()
    {
        using var directory = TemporaryDirectory.Create();
        var port = WharfProcess.FindFreePort();
        var config = Path.Combine(directory.Path, "kafka-rest.properties");
        await File.WriteAllTextAsync(config, "listeners=http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "\nconfluent.support.metrics.enable=false\n", TestContext.Current.CancellationToken);
        var registryConfig = Path.Combine(directory.Path, "schema-registry.properties");
        await File.WriteAllTextAsync(registryConfig, "listeners=http://127.0.0.1:" + WharfProcess.FindFreePort().ToString(CultureInfo.InvariantCulture) + "\n", TestContext.Current.CancellationToken);
        var topic = UniqueNames.For("start");

        await using var wharf = await WharfProcess.StartBrokerAsync(command: "start", arguments: ["--rest-proxy-config", config, "--schema-registry-config", registryConfig]);
        await wharf.WaitForRestAsync(WharfProcess.RestAddress(port), Deadline);
        using var http = new HttpClient { BaseAddress = WharfProcess.RestAddress(port), Timeout = Deadline };
        await PostAsync(http, "/topics/" + topic, """{"records":[{"key":"alice","value":{"n":1}},{"key":"bob","value":[2]}]}""", "application/vnd.kafka.json.v2+json");
        var kcat = await ExternalProcess.RunAsync("kcat", ["-b", wharf.BootstrapServers, "-C", "-t", topic, "-e", "-q", "-f", "%k=%s\n"], timeout: Deadline);

        Assert.True(kcat.ExitCode == 0, kcat.ToString());
        Assert.Equal("\"alice\"={\"n\":1}\n\"bob\"=[2]\n", kcat.StandardOutput);
        var topics = await http.GetStringAsync("/topics", TestContext.Current.CancellationToken);
        Assert.Contains("\"" + topic + "\"", topics, StringComparison.Ordinal);
        Assert.Contains(wharf.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message == "Ignoring keys of " + config + " that Wharf does not use: confluent.support.metrics.enable");
    }

    [Theory]
    [InlineData("consumer.request.timeout.ms=soon", "wharf: Invalid value soon for configuration consumer.request.timeout.ms: Not a number of type INT")]
    [InlineData("fetch.min.bytes=-5", "wharf: Invalid value -5 for configuration fetch.min.bytes: Value must be in the range [-1, 10000000]")]
    [InlineData("listeners=https://127.0.0.1:8443", "wharf: Invalid value https://127.0.0.1:8443 for configuration listeners: expected http://host:port (https is not supported yet)")]
    [InlineData("bootstrap.servers=", "wharf: Invalid value  for configuration bootstrap.servers: the REST Proxy needs the Kafka cluster's bootstrap.servers")]
    public async Task A_bad_value_in_the_properties_file_exits_with_code_2_and_Kafkas_message(string setting, string expected)
    {
        using var directory = TemporaryDirectory.Create();
        var config = Path.Combine(directory.Path, "kafka-rest.properties");
        await File.WriteAllTextAsync(config, "bootstrap.servers=127.0.0.1:9092\n" + setting + "\n", TestContext.Current.CancellationToken);

        var result = await WharfProcess.RunToExitAsync(["rest-proxy", "--data-dir", directory.Path, "--config", config]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(expected, Assert.Single(Lines(result.StandardError)));
        Assert.Empty(Lines(result.StandardOutput));
    }

    [Fact]
    public async Task An_unknown_key_given_with_override_exits_with_code_2_and_a_suggestion()
    {
        using var directory = TemporaryDirectory.Create();

        var result = await WharfProcess.RunToExitAsync(["rest-proxy", "--data-dir", directory.Path, "-o", "bootstrap.servers=127.0.0.1:9092", "-o", "advertised.listener=http://proxy:8082"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("wharf: unknown configuration key advertised.listener (did you mean advertised.listeners?) given with --override", Assert.Single(Lines(result.StandardError)), StringComparison.Ordinal);
    }

    private static async Task<string> PostAsync(HttpClient http, string path, string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await http.PostAsync(path, content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, path + ": " + (int)response.StatusCode + " " + text);
        return text;
    }

    /// <summary>Reads until a record comes (the first reads of a new consumer are often empty) and returns its value.</summary>
    private static async Task<string> ReadOverRestAsync(HttpClient http, string path)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("application/vnd.kafka.binary.v2+json");
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            var records = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            if (records.GetArrayLength() > 0)
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(records[0].GetProperty("value").GetString()!));
            }
        }

        throw new TimeoutException("no record came over REST");
    }

    private static (string Key, string Value) ReadOne(string bootstrapServers, string topic)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = UniqueNames.For("reader"), AutoOffsetReset = AutoOffsetReset.Earliest }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var record = consumer.Consume(Deadline) ?? throw new TimeoutException("nothing to read in " + topic);
        return (record.Message.Key, record.Message.Value);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
