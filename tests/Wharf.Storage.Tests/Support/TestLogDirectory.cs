using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Wharf.Protocol;
using Wharf.Testing;

namespace Wharf.Storage.Tests.Support;

/// <summary>
/// A log directory of its own for one test, opened by a <see cref="LogManager"/> with a manual clock and a log
/// capture. Reopening models a clean restart; <see cref="CrashAndReopenAsync"/> an unclean one (the files are
/// left as they are, without the clean-shutdown marker, after the test has damaged them as it likes).
/// </summary>
public sealed class TestLogDirectory : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly BrokerLogDefaults _defaults;

    private TestLogDirectory(TemporaryDirectory directory, BrokerLogDefaults defaults)
    {
        _directory = directory;
        _defaults = defaults;
        Manager = Open();
    }

    public ManualTimeProvider Time { get; } = new();

    /// <summary>The manual clock's time in Unix milliseconds, as record timestamps use.</summary>
    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public CapturedLogs Logs { get; } = new();

    public LogManager Manager { get; private set; }

    public string Path => _directory.Path;

    public static TestLogDirectory Create(IReadOnlyDictionary<string, string?>? brokerProperties = null, [CallerMemberName] string test = "")
    {
        var defaults = BrokerLogDefaults.Kafka;
        if (brokerProperties is not null)
        {
            Assert.True(BrokerLogDefaults.TryParse(brokerProperties, out var parsed, out var error), error);
            defaults = parsed;
        }

        return new TestLogDirectory(TemporaryDirectory.Create(test), defaults);
    }

    /// <summary>Creates a topic and returns its partition <paramref name="partition"/>.</summary>
    public PartitionLog CreatePartition(string topic = "events", IReadOnlyDictionary<string, string?>? configs = null, int partitions = 1, int partition = 0)
    {
        var result = Manager.CreateTopic(topic, partitions, configs ?? new Dictionary<string, string?>(), validateOnly: false);
        Assert.Equal(ErrorCode.None, result.Error);
        return Partition(topic, partition);
    }

    public PartitionLog Partition(string topic = "events", int partition = 0)
    {
        Assert.True(Manager.TryGetTopic(topic, out var log));
        return log.Partitions[partition];
    }

    public string PartitionDirectory(string topic = "events", int partition = 0) =>
        System.IO.Path.Combine(Path, topic + "-" + partition);

    public string[] SegmentFiles(string topic = "events", int partition = 0, string suffix = ".log") =>
        [.. Directory.GetFiles(PartitionDirectory(topic, partition), "*" + suffix).Order()];

    /// <summary>A clean restart: everything flushed, the clean-shutdown marker written, then loaded again.</summary>
    public async Task ReopenAsync()
    {
        await Manager.DisposeAsync();
        Manager = Open();
    }

    /// <summary>Stops the manager, lets the test damage the files, and loads them as after a crash (no clean-shutdown marker).</summary>
    public async Task CrashAndReopenAsync(Action? damage = null)
    {
        await Manager.DisposeAsync();
        File.Delete(System.IO.Path.Combine(Path, LogManager.CleanShutdownFile));
        damage?.Invoke();
        Manager = Open();
    }

    /// <summary>Log lines at warning or above, as text.</summary>
    public IEnumerable<string> Warnings => Logs.AtLeast(LogLevel.Warning).Select(e => e.Message);

    private LogManager Open() =>
        LogManager.Open(new LogManagerOptions { LogDirectory = _directory.Path, Defaults = _defaults }, Time, Logs);

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        _directory.Dispose();
    }
}
