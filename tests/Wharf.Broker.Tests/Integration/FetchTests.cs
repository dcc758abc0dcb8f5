using System.Diagnostics;
using Wharf.Broker.Tests.Support;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Integration;

/// <summary>
/// Fetch over a socket (section 4): long polls that end at MaxWaitMs or as soon as a produce brings enough bytes,
/// the size limits with KIP-74's "at least one batch", and the edges of the log. Time is only ever checked against
/// generous deadlines, or in the direction a correct broker cannot miss (a poll of 1 s is not answered in 0.2 s).
/// </summary>
public sealed class FetchTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fetch_at_the_log_end_waits_MaxWaitMs_and_returns_empty_records()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithAsync(client, "a", "b");

        var clock = Stopwatch.StartNew();
        var response = await client.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 2, maxWaitMs: 600), 11, Cancel).WaitAsync(Deadline, Cancel);

        // Only the direction a correct broker cannot miss: it never answers a 600 ms poll within half of it.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), "answered after " + clock.Elapsed + " instead of waiting");
        var data = Wire.Single(response);
        Assert.Equal((ErrorCode.None, 2L, 2L, 0L), ((ErrorCode)data.ErrorCode, data.HighWatermark, data.LastStableOffset, data.LogStartOffset));
        Assert.NotNull(data.Records);
        Assert.Equal(0, data.Records.Value.Length);
    }

    [Fact]
    public async Task A_parked_fetch_is_woken_by_a_produce_on_another_connection()
    {
        await using var consumer = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        await using var producer = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithAsync(producer, "before");

        var fetch = consumer.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 1, maxWaitMs: 60_000), 11, Cancel);
        await Task.Delay(200, Cancel);
        Assert.False(fetch.IsCompleted);
        await Wire.ProduceAsync(producer, topic, 0, Wire.Batch(["wake up"]));

        var data = Wire.Single(await fetch.WaitAsync(Deadline, Cancel));
        Assert.Equal([new Wire.FetchedRecord(1, 1_700_000_000_000, "wake up")], Wire.Records(data.Records));
    }

    [Fact]
    public async Task A_produce_racing_a_fetch_that_is_about_to_park_still_wakes_it()
    {
        await using var consumer = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        await using var producer = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithAsync(producer);

        // Each produce is sent while the fetch may be between reading the log and parking: it must wake it all the same.
        for (var offset = 0; offset < 1_000; offset++)
        {
            var fetch = consumer.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, offset, maxWaitMs: 60_000), 11, Cancel);
            await Wire.ProduceAsync(producer, topic, 0, Wire.Batch(["r" + offset]));
            var data = Wire.Single(await fetch.WaitAsync(Deadline, Cancel));
            Assert.Equal("r" + offset, Assert.Single(Wire.Records(data.Records)).Value);
        }
    }

    [Fact]
    public async Task A_fetch_waits_for_MinBytes_across_several_produces()
    {
        await using var consumer = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        await using var producer = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithAsync(producer, "small");

        var fetch = consumer.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 0, maxWaitMs: 60_000, minBytes: 5_000), 11, Cancel);
        await Task.Delay(200, Cancel);
        Assert.False(fetch.IsCompleted);
        await Wire.ProduceAsync(producer, topic, 0, Wire.BatchOfSize(1_000));
        await Task.Delay(200, Cancel);
        Assert.False(fetch.IsCompleted);
        await Wire.ProduceAsync(producer, topic, 0, Wire.BatchOfSize(6_000));

        var data = Wire.Single(await fetch.WaitAsync(Deadline, Cancel));
        Assert.Equal([0L, 1L, 2L], Wire.Records(data.Records).Select(r => r.Offset));
    }

    [Fact]
    public async Task A_fetch_with_enough_bytes_already_is_answered_at_once()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithAsync(client, "one", "two");

        var response = await client.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 0, maxWaitMs: 60_000, minBytes: 1), 11, Cancel).WaitAsync(Deadline, Cancel);

        Assert.Equal(["one", "two"], Wire.Records(Wire.Single(response).Records).Select(r => r.Value));
    }

    [Fact]
    public async Task PartitionMaxBytes_limits_a_partition_to_the_whole_batches_that_fit()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicOfBatchesAsync(client, partitions: 1, batches: 5, valueBytes: 1_000);

        var data = Wire.Single(await client.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 0, partitionMaxBytes: 2_500), 11, Cancel));

        Assert.Equal(2, Wire.BatchCount(data.Records));
        Assert.True(data.Records!.Value.Length <= 2_500);
        Assert.Equal(5, data.HighWatermark);
    }

    [Fact]
    public async Task MaxBytes_limits_the_whole_response_across_partitions()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicOfBatchesAsync(client, partitions: 2, batches: 3, valueBytes: 1_000);
        var request = Wire.Fetch(topic, 0, 0, maxBytes: 4_000);
        request.Topics[0].Partitions.Add(new FetchRequest.FetchPartition { Partition = 1, FetchOffset = 0, PartitionMaxBytes = 1 << 20 });

        var response = await client.SendAsync<FetchRequest, FetchResponse>(request, 11, Cancel);

        var partitions = Assert.Single(response.Responses).Partitions;
        Assert.Equal(3, Wire.BatchCount(partitions[0].Records));
        Assert.True(Wire.BatchCount(partitions[1].Records) <= 1);
        Assert.True(partitions.Sum(p => p.Records!.Value.Length) <= 4_000, "returned " + partitions.Sum(p => p.Records!.Value.Length) + " bytes");
    }

    [Fact]
    public async Task A_first_batch_larger_than_MaxBytes_is_returned_alone()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = UniqueNames.For("kip74");
        await Wire.CreateTopicAsync(client, topic);
        await Wire.ProduceAsync(client, topic, 0, Wire.BatchOfSize(5_000, 'a'));
        await Wire.ProduceAsync(client, topic, 0, Wire.BatchOfSize(10, 'b'));

        var limited = Wire.Single(await client.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 0, maxBytes: 1_000, partitionMaxBytes: 1_000), 11, Cancel));
        var byPartition = Wire.Single(await client.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 0, partitionMaxBytes: 100), 11, Cancel));

        Assert.Equal(1, Wire.BatchCount(limited.Records));
        Assert.Equal(new string('a', 5_000), Assert.Single(Wire.Records(limited.Records)).Value);
        Assert.Equal(1, Wire.BatchCount(byPartition.Records));
    }

    [Fact]
    public async Task An_offset_past_the_log_end_or_before_the_log_start_is_OFFSET_OUT_OF_RANGE()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithAsync(client, "a", "b", "c");
        var deleted = await client.SendAsync<DeleteRecordsRequest, DeleteRecordsResponse>(
            new DeleteRecordsRequest { Topics = [new() { Name = topic, Partitions = [new() { PartitionIndex = 0, Offset = 1 }] }], TimeoutMs = 5_000 }, 2, Cancel);
        Assert.Equal(1, deleted.Topics[0].Partitions[0].LowWatermark);

        foreach (var offset in new long[] { 4, 0, -1, long.MaxValue })
        {
            var data = Wire.Single(await client.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, offset, maxWaitMs: 60_000), 11, Cancel).WaitAsync(Deadline, Cancel));
            Assert.Equal(ErrorCode.OffsetOutOfRange, (ErrorCode)data.ErrorCode);
            Assert.Equal((3L, 1L), (data.HighWatermark, data.LogStartOffset));
        }

        var fromStart = Wire.Single(await client.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 1), 11, Cancel));
        Assert.Equal(["b", "c"], Wire.Records(fromStart.Records).Where(r => r.Offset >= 1).Select(r => r.Value));
    }

    [Fact]
    public async Task An_unknown_partition_is_answered_at_once_with_UNKNOWN_TOPIC_OR_PARTITION()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithAsync(client, "a");

        var data = Wire.Single(await client.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 7, 0, maxWaitMs: 60_000), 11, Cancel).WaitAsync(Deadline, Cancel));

        Assert.Equal(ErrorCode.UnknownTopicOrPartition, (ErrorCode)data.ErrorCode);
    }

    [Fact]
    public async Task A_fetch_for_no_partitions_is_answered_at_once_instead_of_waiting_MaxWaitMs()
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);

        var response = await client.SendAsync<FetchRequest, FetchResponse>(new FetchRequest { MaxWaitMs = 60_000, MinBytes = 1, Topics = [] }, 11, Cancel).WaitAsync(Deadline, Cancel);

        Assert.Empty(response.Responses);
    }

    [Fact]
    public async Task A_parked_fetch_on_a_topic_being_deleted_is_answered_at_once()
    {
        await using var consumer = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        await using var admin = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithAsync(admin, "a");

        var fetch = consumer.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 1, maxWaitMs: 60_000), 11, Cancel);
        await Task.Delay(200, Cancel);
        var deleted = await admin.SendAsync<DeleteTopicsRequest, DeleteTopicsResponse>(new DeleteTopicsRequest { TopicNames = [topic], TimeoutMs = 5_000 }, 5, Cancel);

        Assert.Equal(ErrorCode.None, (ErrorCode)Assert.Single(deleted.Responses).ErrorCode);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, (ErrorCode)Wire.Single(await fetch.WaitAsync(Deadline, Cancel)).ErrorCode);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(12)]
    public async Task Every_supported_version_reads_the_records(short version)
    {
        await using var client = await KafkaWireClient.ConnectAsync(fixture.Broker.EndPoint, Cancel);
        var topic = await TopicWithAsync(client, "x", "y");

        var data = Wire.Single(await client.SendAsync<FetchRequest, FetchResponse>(Wire.Fetch(topic, 0, 1), version, Cancel));

        Assert.Equal(["y"], Wire.Records(data.Records).Where(r => r.Offset >= 1).Select(r => r.Value));
    }

    private static async Task<string> TopicWithAsync(KafkaWireClient client, params string[] values)
    {
        var topic = UniqueNames.For("fetch");
        await Wire.CreateTopicAsync(client, topic);
        if (values.Length > 0)
        {
            await Wire.ProduceAsync(client, topic, 0, Wire.Batch(values));
        }

        return topic;
    }

    private static async Task<string> TopicOfBatchesAsync(KafkaWireClient client, int partitions, int batches, int valueBytes)
    {
        var topic = UniqueNames.For("sizes");
        await Wire.CreateTopicAsync(client, topic, partitions);
        for (var partition = 0; partition < partitions; partition++)
        {
            for (var i = 0; i < batches; i++)
            {
                await Wire.ProduceAsync(client, topic, partition, Wire.BatchOfSize(valueBytes));
            }
        }

        return topic;
    }
}
