using System.Text;
using Confluent.Kafka;
using Wharf.Clients;
using Wharf.Testing;

namespace Wharf.RestProxy.Tests.Seeds;

/// <summary>
/// Runs the seeds' Python scripts (Debian's python3 with <c>requests</c>) against the fixture's proxy as written:
/// the hosts they name (restproxy:8082, kafkarest1:8082, localhost:8082) are reached through HTTP_PROXY, so every
/// request line, header and body (and the base_uri the proxy builds from the Host header) is the script's own.
/// The seed test classes share one collection: their scripts use the same group and topic names.
/// </summary>
[CollectionDefinition(nameof(SeedScripts))]
public sealed class SeedScripts
{
    /// <summary>Runs <paramref name="script"/> in the Seeds folder (where the files the seeds open are), against <paramref name="proxy"/>.</summary>
    public static async Task<ExternalProcess.Result> RunAsync(EmbeddedRestProxy proxy, string script)
    {
        var address = "http://127.0.0.1:" + proxy.BaseAddress.Port;
        var seeds = RepositoryPaths.Combine("tests", "Wharf.RestProxy.Tests", "Seeds");
        var result = await ExternalProcess.RunAsync(
            ExternalProcess.DebianPython,
            [Path.Combine(seeds, script)],
            timeout: TimeSpan.FromSeconds(90),
            environment: new Dictionary<string, string> { ["HTTP_PROXY"] = address, ["http_proxy"] = address, ["NO_PROXY"] = string.Empty, ["no_proxy"] = string.Empty },
            workingDirectory: seeds);
        Assert.True(result.ExitCode == 0 && !result.TimedOut, script + " failed: " + result);
        return result;
    }

    /// <summary>Produces record <c>i</c> of <paramref name="record"/> every 100 ms until <paramref name="stop"/>, for scripts whose consumers start at the end of the log.</summary>
    public static async Task ProduceUntilAsync(string bootstrapServers, string topic, Func<int, (string? Key, string Value)> record, CancellationToken stop)
    {
        KafkaClientLibrary.EnsureLoaded();
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var (key, value) = record(i);
            await producer.ProduceAsync(topic, new Message<byte[]?, byte[]?> { Key = key is null ? null : Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value) }, CancellationToken.None);
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs <paramref name="script"/> while records are produced to <paramref name="topic"/>.</summary>
    public static async Task<ExternalProcess.Result> RunWhileProducingAsync(RestProxyFixture fixture, string script, string topic, Func<int, (string? Key, string Value)> record)
    {
        using var stop = new CancellationTokenSource();
        var producing = ProduceUntilAsync(fixture.Broker.BootstrapServers, topic, record, stop.Token);
        try
        {
            return await RunAsync(fixture.Proxy, script);
        }
        finally
        {
            await stop.CancelAsync();
            await producing;
        }
    }
}
