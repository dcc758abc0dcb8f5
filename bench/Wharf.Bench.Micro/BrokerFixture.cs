using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Broker;
using Wharf.Broker.Topics;
using Wharf.Configuration;
using Wharf.Storage;

namespace Wharf.Bench.Micro;

/// <summary>A log directory in a temporary folder with one single-partition topic, and the broker's view of it.</summary>
public sealed class BrokerFixture : IAsyncDisposable
{
    public const string Topic = "bench";

    /// <summary>Small segments, so that DeleteRecords can drop what a benchmark appended between iterations.</summary>
    public const int SegmentBytes = 64 * 1024 * 1024;

    private readonly string _directory;

    private BrokerFixture(string directory, LogManager logs, TopicManager topics)
    {
        _directory = directory;
        Logs = logs;
        Topics = topics;
        Log = logs.TryGetTopic(Topic, out var topic) ? topic.Partitions[0] : throw new InvalidOperationException("The topic was not created.");
    }

    public LogManager Logs { get; }

    public TopicManager Topics { get; }

    public PartitionLog Log { get; }

    public static BrokerFixture Create()
    {
        var directory = Directory.CreateTempSubdirectory("wharf-micro-").FullName;
        var settings = new Settings().With([new("listeners", "PLAINTEXT://127.0.0.1:0"), new("log.dirs", directory)]);
        var options = BrokerOptions.FromSettings(settings, directory);
        var logs = LogManager.Open(options.Log, TimeProvider.System, NullLoggerFactory.Instance);
        var created = logs.CreateTopic(Topic, 1, new Dictionary<string, string?> { ["segment.bytes"] = SegmentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) }, validateOnly: false);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Creating the topic failed: " + created.ErrorMessage);
        }

        return new BrokerFixture(directory, logs, new TopicManager(logs, options, NullLogger<TopicManager>.Instance));
    }

    /// <summary>Appends copies of <paramref name="batch"/> until the log holds about <paramref name="bytes"/>.</summary>
    public void Fill(byte[] batch, long bytes)
    {
        var copy = batch.ToArray();
        for (long written = 0; written < bytes; written += copy.Length)
        {
            Batches.MakeProducible(copy);
            var result = Log.Append(copy, 0, AppendOrigin.Client);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("Append failed: " + result.ErrorMessage);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Logs.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
