using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Wharf.Clients;
using Wharf.Protocol.Messages;
using Wharf.Testing;

namespace Wharf.EndToEnd.Tests;

/// <summary>`wharf broker` as a user runs it: signals, configuration files, bad settings, busy ports, log formats.</summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SIGTERM_stops_the_broker_cleanly_and_the_next_start_reports_the_clean_shutdown()
    {
        await using var wharf = await WharfProcess.StartBrokerAsync();
        var topic = UniqueNames.For("sigterm");
        await ProduceAsync(wharf, topic, 20);

        var exitCode = await wharf.StopAsync("TERM", StopDeadline);

        Assert.True(exitCode == 0, "SIGTERM: exit code " + (exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none, still running after " + StopDeadline.TotalSeconds + " s") + "\n" + wharf.AllOutput);
        Assert.Contains(wharf.OutputLines, line => line.Contains("stopped", StringComparison.Ordinal));
        await wharf.RestartAsync();
        Assert.Contains(wharf.OutputLines, line => line.Contains("after a clean shutdown", StringComparison.Ordinal));
        Assert.Equal(20, TopicReader.ReadAll(wharf.BootstrapServers, topic, 1, TimeSpan.FromSeconds(30))[0].Count);
    }

    /// <summary>A clean stop does not wait for clients: a producer streaming and a consumer group polling are cut off.</summary>
    [Fact]
    public async Task SIGTERM_stops_the_broker_within_seconds_while_clients_are_producing_and_consuming()
    {
        await using var wharf = await WharfProcess.StartBrokerAsync();
        var topic = UniqueNames.For("busy");
        using var producer = new SequenceProducer(wharf.BootstrapServers, idempotent: true, messageTimeout: TimeSpan.FromSeconds(30));
        producer.Start(topic);
        await producer.WaitForAcknowledgedAsync(1000, TimeSpan.FromSeconds(60));
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = wharf.BootstrapServers,
            GroupId = UniqueNames.For("busy-group"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        Assert.NotNull(consumer.Consume(TimeSpan.FromSeconds(60)));

        var exitCode = await wharf.StopAsync("TERM", StopDeadline);

        Assert.True(exitCode == 0, "SIGTERM with clients connected: exit code " + (exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none, still running after " + StopDeadline.TotalSeconds + " s") + "\n" + wharf.AllOutput);
        await producer.StopSendingAsync();
        await wharf.RestartAsync();
        Assert.Contains(wharf.OutputLines, line => line.Contains("after a clean shutdown", StringComparison.Ordinal));
    }

    /// <summary>
    /// SIGINT (Ctrl-C) stops the broker like SIGTERM. A child process can receive it unless it inherits SIGINT as
    /// ignored: a non-interactive shell starts background jobs that way (`cmd &amp;`), the ignored disposition
    /// survives exec, and .NET then leaves SIGINT ignored, as a Unix program should. The test checks the disposition
    /// this test process would hand down and is skipped when SIGINT could not reach the child.
    /// </summary>
    [Fact]
    public async Task SIGINT_stops_the_broker_cleanly_like_Ctrl_C()
    {
        if (IsSignalIgnoredByThisProcess(signal: 2))
        {
            Assert.Skip("This test process ignores SIGINT (inherited from the shell that started it, e.g. a background job of a non-interactive shell), so its children would too.");
        }

        await using var wharf = await WharfProcess.StartBrokerAsync();

        var exitCode = await wharf.StopAsync("INT", StopDeadline);

        Assert.True(exitCode == 0, "SIGINT: exit code " + (exitCode?.ToString(CultureInfo.InvariantCulture) ?? "none, still running after " + StopDeadline.TotalSeconds + " s") + "\n" + wharf.AllOutput);
        await wharf.RestartAsync();
        Assert.Contains(wharf.OutputLines, line => line.Contains("after a clean shutdown", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("num.partitions=abc", "wharf: Invalid value abc for configuration num.partitions: Not a number of type INT")]
    [InlineData("log.retention.ms=soon", "wharf: Invalid value soon for configuration log.retention.ms: Not a number of type LONG")]
    [InlineData("group.max.size=0", "wharf: Invalid value 0 for configuration group.max.size: must be at least 1")]
    [InlineData("listeners=SSL://127.0.0.1:9092", "wharf: Invalid value SSL://127.0.0.1:9092 for configuration listeners")]
    [InlineData("listeners=PLAINTEXT://no-such-host.invalid:9092", "wharf: Invalid value PLAINTEXT://no-such-host.invalid:9092 for configuration listeners: the host name does not resolve")]
    [InlineData("num.partitions", "wharf: --override expects key=value, got 'num.partitions'")]
    [InlineData("num.partiton=3", "wharf: unknown configuration key num.partiton (did you mean num.partitions?) given with --override")]
    [InlineData("ssl.keystore.location=/etc/kafka.jks", "wharf: unknown configuration key ssl.keystore.location given with --override")]
    public async Task A_malformed_or_unknown_setting_exits_with_code_2_and_one_line_naming_the_key(string setting, string expected)
    {
        using var directory = TemporaryDirectory.Create();

        var result = await WharfProcess.RunToExitAsync(["broker", "--data-dir", directory.Path, "-o", setting]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(Lines(result.StandardError));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.Empty(Lines(result.StandardOutput));
        Assert.False(Directory.Exists(Path.Combine(directory.Path, "kafka-logs")), "a refused configuration touched the data directory");
    }

    [Fact]
    public async Task A_port_already_in_use_exits_non_zero_with_one_line_and_no_stack_trace()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        using var directory = TemporaryDirectory.Create();

        var result = await WharfProcess.RunToExitAsync(["broker", "--data-dir", directory.Path, "-o", "listeners=PLAINTEXT://127.0.0.1:" + port]);

        Assert.True(result.ExitCode is not 0 and not 2, result.ToString());
        var line = Assert.Single(Lines(result.StandardError));
        Assert.Contains("already in use", line, StringComparison.Ordinal);
        Assert.Contains(port, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_broker_on_the_same_data_directory_exits_non_zero_with_one_line()
    {
        await using var first = await WharfProcess.StartBrokerAsync();

        var result = await WharfProcess.RunToExitAsync(["broker", "--data-dir", first.DataDirectory, "-o", "listeners=PLAINTEXT://127.0.0.1:" + WharfProcess.FindFreePort().ToString(CultureInfo.InvariantCulture)]);

        Assert.True(result.ExitCode is not 0 and not 2, result.ToString());
        var line = Assert.Single(Lines(result.StandardError));
        Assert.Contains("in use by another broker", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A server.properties in Kafka's own shape (KRaft combined mode, as Kafka ships it) is honoured.</summary>
    [Fact]
    public async Task A_Kafka_server_properties_file_is_honoured()
    {
        using var directory = TemporaryDirectory.Create();
        var logDirs = Path.Combine(directory.Path, "kraft-combined-logs");
        var properties = Path.Combine(directory.Path, "server.properties");
        await File.WriteAllTextAsync(properties, $"""
            # Kafka's config/kraft/server.properties, with the listener replaced by the test's (-o wins over the file)
            process.roles=broker,controller
            node.id=1
            controller.quorum.voters=1@localhost:9093
            listeners=PLAINTEXT://:9092,CONTROLLER://:9093
            inter.broker.listener.name=PLAINTEXT
            controller.listener.names=CONTROLLER
            listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
            num.network.threads=3
            num.io.threads=8
            socket.send.buffer.bytes=102400
            socket.receive.buffer.bytes=102400
            socket.request.max.bytes=104857600
            log.dirs={logDirs}
            num.partitions=3
            num.recovery.threads.per.data.dir=1
            offsets.topic.replication.factor=1
            transaction.state.log.replication.factor=1
            transaction.state.log.min.isr=1
            log.retention.hours=168
            log.segment.bytes=1073741824
            log.retention.check.interval.ms=300000
            # a key of Confluent Platform's broker that Wharf does not know: warned about, not refused
            confluent.support.metrics.enable=false
            """, TestContext.Current.CancellationToken);
        var dataDirectory = Path.Combine(directory.Path, "data");

        await using var wharf = await WharfProcess.StartBrokerAsync(arguments: ["--config", properties], dataDirectory: dataDirectory);
        var topic = UniqueNames.For("configured");
        await using var client = await KafkaWireClient.ConnectAsync(wharf.KafkaEndPoint, TestContext.Current.CancellationToken);
        var metadata = await client.SendAsync<MetadataRequest, MetadataResponse>(new MetadataRequest { Topics = [new() { Name = topic }] }, 4, TestContext.Current.CancellationToken);

        Assert.Equal(3, Assert.Single(metadata.Topics).Partitions.Count);
        Assert.Equal(1, Assert.Single(metadata.Brokers).NodeId);
        Assert.All(Enumerable.Range(0, 3), p => Assert.True(Directory.Exists(Path.Combine(logDirs, topic + "-" + p)), "no directory for partition " + p + " in log.dirs"));
        Assert.True(File.Exists(Path.Combine(logDirs, "meta.properties")));
        Assert.False(Directory.Exists(Path.Combine(dataDirectory, "kafka-logs")), "the broker ignored log.dirs and wrote to its default log directory");
        var warning = Assert.Single(wharf.Logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.EndsWith("does not use: confluent.support.metrics.enable", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_logs_are_one_JSON_object_per_line()
    {
        await using var wharf = await WharfProcess.StartBrokerAsync(arguments: ["--json-logs"]);
        Assert.Equal(0, await wharf.StopAsync("TERM", StopDeadline));

        var lines = Lines(string.Join('\n', wharf.OutputLines));
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.True(json.RootElement.TryGetProperty("Category", out _), line);
            Assert.True(json.RootElement.TryGetProperty("Message", out _), line);
        }

        Assert.Contains(lines, line => line.Contains("Kafka listener on 127.0.0.1:" + wharf.KafkaPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Whether this process ignores <paramref name="signal"/> (SigIgn in /proc/self/status), as its children then would.</summary>
    private static bool IsSignalIgnoredByThisProcess(int signal)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (mask & (1UL << (signal - 1))) != 0;
    }

    private static async Task ProduceAsync(WharfProcess wharf, string topic, int count)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = wharf.BootstrapServers, Acks = Acks.All }).Build();
        for (var i = 0; i < count; i++)
        {
            await producer.ProduceAsync(topic, new Message<Null, string> { Value = "record-" + i }, TestContext.Current.CancellationToken);
        }
    }
}
