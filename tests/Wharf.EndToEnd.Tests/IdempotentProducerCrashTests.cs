using System.Globalization;
using Wharf.Testing;

namespace Wharf.EndToEnd.Tests;

/// <summary>
/// An idempotent producer (KIP-98) that lives through a kill -9 and restart of the broker: librdkafka retries the
/// batches it had in flight against the restarted broker with their original producer id and sequence numbers, so
/// the broker must recover each producer's sequence state from the log and answer retried batches it already
/// stored as duplicates instead of appending them again.
/// </summary>
public sealed class IdempotentProducerCrashTests
{
    private const int Records = 15_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("default flush policy", null, null)]
    [InlineData("group commit", "1", null)]
    [InlineData("group commit, segments rolling during the stream", "1", "16384")]
    public async Task An_idempotent_producer_kept_alive_across_kill_9_and_restart_stores_each_record_exactly_once_in_order(string policy, string? flushIntervalMessages, string? segmentBytes)
    {
        var overrides = new Dictionary<string, string>();
        if (flushIntervalMessages is not null)
        {
            overrides["log.flush.interval.messages"] = flushIntervalMessages;
        }

        if (segmentBytes is not null)
        {
            overrides["log.segment.bytes"] = segmentBytes;
        }

        await using var wharf = await WharfProcess.StartBrokerAsync(overrides);
        var topic = UniqueNames.For("idempotent");
        IReadOnlyList<Acknowledged> acknowledged;
        using (var producer = new SequenceProducer(wharf.BootstrapServers, idempotent: true, messageTimeout: Deadline))
        {
            producer.Start(topic, Records);
            await producer.WaitForAcknowledgedAsync(4000, Deadline);
            await wharf.KillAsync();
            var acknowledgedBeforeTheCrash = producer.AcknowledgedCount;
            await wharf.RestartAsync();

            // Under group commit the kill usually lands while appended batches wait for their fsync, so the
            // restarted broker holds batches the producer never saw acknowledged: their retries must be answered
            // as duplicates. The recovered log end (against the acknowledged count) shows whether that happened.
            var recovered = wharf.OutputLines.FirstOrDefault(line => line.Contains("Loaded " + topic, StringComparison.Ordinal));
            TestContext.Current.TestOutputHelper?.WriteLine($"{policy}: {acknowledgedBeforeTheCrash} acknowledged before the kill; {recovered}");

            await producer.WaitUntilAllSentAsync();
            var unreported = producer.Flush(Deadline);
            Assert.True(unreported == 0, unreported + " records were not reported within the deadline");
            Assert.Empty(producer.Failures);
            acknowledged = producer.Acknowledged;
            Assert.True(acknowledgedBeforeTheCrash < Records, "the broker was killed only after the producer had finished");
        }

        var stored = TopicReader.ReadAll(wharf.BootstrapServers, topic, partitions: 1, Deadline)[0];

        var sequences = stored.Select(r => long.Parse(r.Value, CultureInfo.InvariantCulture)).ToList();
        var duplicates = sequences.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{duplicates.Count} sequence numbers are stored more than once, first: {string.Join(", ", duplicates.Take(10))}\n{wharf.AllOutput}");
        Assert.Equal(Enumerable.Range(0, Records).Select(i => (long)i), sequences);
        Assert.Equal(Records, acknowledged.Count);
        Assert.All(acknowledged, a => Assert.Equal(a.Sequence.ToString(CultureInfo.InvariantCulture), stored[(int)a.Offset].Value));
    }
}
