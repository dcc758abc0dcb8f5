using System.Globalization;
using Wharf.Testing;

namespace Wharf.EndToEnd.Tests;

/// <summary>
/// kill -9 of the broker process in the middle of an acks=all produce stream, then a restart on the same port and
/// data directory: what the broker acknowledged must all be there (docs/storage.md, "Durability").
/// </summary>
public sealed class CrashTests
{
    private const int Partitions = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// A process crash loses nothing acknowledged under either flush policy: the broker writes each batch to the
    /// file (the kernel's page cache) before answering, and the page cache survives the death of the process.
    /// What log.flush.interval.messages=1 adds is an fsync (group commit) before the answer, so acknowledged
    /// records also survive a machine crash or power loss; killing a process cannot test that.
    /// </summary>
    [Theory]
    [InlineData("default flush policy", null, null)]
    [InlineData("group commit", "1", null)]
    [InlineData("segments rolling during the stream", null, "16384")]
    public async Task Every_acknowledged_record_is_still_at_its_offset_in_order_after_kill_9(string policy, string? flushIntervalMessages, string? segmentBytes)
    {
        var overrides = new Dictionary<string, string> { ["num.partitions"] = Partitions.ToString(CultureInfo.InvariantCulture) };
        if (flushIntervalMessages is not null)
        {
            overrides["log.flush.interval.messages"] = flushIntervalMessages;
        }

        if (segmentBytes is not null)
        {
            overrides["log.segment.bytes"] = segmentBytes;
        }

        await using var wharf = await WharfProcess.StartBrokerAsync(overrides);
        var topic = UniqueNames.For("crash");
        IReadOnlyList<Acknowledged> acknowledged;
        long sent;
        using (var producer = new SequenceProducer(wharf.BootstrapServers, idempotent: false, messageTimeout: TimeSpan.FromSeconds(3)))
        {
            producer.Start(topic);
            await producer.WaitForAcknowledgedAsync(4000, Deadline);
            await wharf.KillAsync();
            await producer.StopSendingAsync();

            // What was not acknowledged before the kill times out: the broker is not restarted until then, so no
            // record is acknowledged by the restarted broker (this test is about what the crashed one promised).
            producer.Flush(Deadline);
            acknowledged = producer.Acknowledged;
            sent = producer.Sent;
        }

        Assert.True(sent > acknowledged.Count, $"{policy}: the producer was still sending when the broker was killed ({sent} sent, {acknowledged.Count} acknowledged)");
        await wharf.RestartAsync();
        Assert.Contains(wharf.OutputLines, line => line.Contains("after an unclean shutdown", StringComparison.Ordinal));
        var stored = TopicReader.ReadAll(wharf.BootstrapServers, topic, Partitions, Deadline);
        TestContext.Current.TestOutputHelper?.WriteLine($"{policy}: {sent} sent, {acknowledged.Count} acknowledged, {stored.Values.Sum(r => r.Count)} stored");

        foreach (var (partition, records) in stored)
        {
            // The log has no holes: what survived is a prefix of what was written.
            Assert.Equal(Enumerable.Range(0, records.Count).Select(i => (long)i), records.Select(r => r.Offset));
        }

        var lost = acknowledged.Where(a => !IsStored(stored, a)).ToList();
        Assert.True(lost.Count == 0, $"{policy}: {lost.Count} of {acknowledged.Count} acknowledged records are not at their offsets after the restart, first: "
            + string.Join(", ", lost.Take(5)) + "\n" + wharf.AllOutput);
        foreach (var partition in acknowledged.GroupBy(a => a.Partition))
        {
            var sequences = partition.OrderBy(a => a.Offset).Select(a => a.Sequence).ToList();
            Assert.True(sequences.SequenceEqual(sequences.Order()), $"{policy}: partition {partition.Key} holds acknowledged records out of order");
        }
    }

    private static bool IsStored(Dictionary<int, List<StoredRecord>> stored, Acknowledged record) =>
        stored.TryGetValue(record.Partition, out var records)
        && record.Offset < records.Count
        && records[(int)record.Offset].Value == record.Sequence.ToString(CultureInfo.InvariantCulture);
}
