using System.Buffers;
using System.Text;
using Wharf.Protocol;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Records;
using Wharf.Testing;

namespace Wharf.Broker.Tests.Support;

/// <summary>
/// Requests as a client would build them, for tests that speak the protocol through <see cref="KafkaWireClient"/>:
/// record batches, Produce, Fetch and CreateTopics, and the records of a Fetch answer decoded again.
/// </summary>
internal static class Wire
{
    /// <summary>A record decoded from a fetch answer: its offset, timestamp and value as text (null for a null value).</summary>
    public readonly record struct FetchedRecord(long Offset, long Timestamp, string? Value);

    /// <summary>One record batch of <paramref name="values"/> (base offset 0, as producers send it).</summary>
    public static byte[] Batch(IReadOnlyList<string> values, RecordBatchOptions? options = null, long timestamp = 1_700_000_000_000)
    {
        using var builder = new RecordBatchBuilder(options);
        for (var i = 0; i < values.Count; i++)
        {
            builder.Append(timestamp + i, NullableBytes.Null, Encoding.UTF8.GetBytes(values[i]));
        }

        var output = new ArrayBufferWriter<byte>();
        builder.WriteTo(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>One batch holding one record whose value is <paramref name="valueBytes"/> bytes long.</summary>
    public static byte[] BatchOfSize(int valueBytes, char fill = 'x') => Batch([new string(fill, valueBytes)]);

    /// <summary>A whole request frame, with correlation id 7.</summary>
    public static byte[] Encode(IKafkaMessage request, ApiKey apiKey, short version) =>
        KafkaWireClient.EncodeRequest(request, apiKey, version, correlationId: 7, clientId: "wire-tests");

    public static ProduceRequest Produce(string topic, int partition, ReadOnlyMemory<byte>? records, short acks = -1) => new()
    {
        Acks = acks,
        TimeoutMs = 30_000,
        TopicData = [new ProduceRequest.Topic { Name = topic, PartitionData = [new ProduceRequest.Partition { Index = partition, Records = records }] }],
    };

    public static FetchRequest Fetch(string topic, int partition, long offset, int maxWaitMs = 0, int minBytes = 1, int maxBytes = int.MaxValue, int partitionMaxBytes = 1 << 20) => new()
    {
        MaxWaitMs = maxWaitMs,
        MinBytes = minBytes,
        MaxBytes = maxBytes,
        Topics = [new FetchRequest.FetchTopic { Topic = topic, Partitions = [new FetchRequest.FetchPartition { Partition = partition, FetchOffset = offset, PartitionMaxBytes = partitionMaxBytes }] }],
    };

    public static async Task CreateTopicAsync(KafkaWireClient client, string topic, int partitions = 1, IReadOnlyDictionary<string, string>? configs = null)
    {
        var response = await client.SendAsync<CreateTopicsRequest, CreateTopicsResponse>(
            new CreateTopicsRequest
            {
                Topics =
                [
                    new CreateTopicsRequest.Topic
                    {
                        Name = topic,
                        NumPartitions = partitions,
                        ReplicationFactor = 1,
                        Configs = (configs ?? new Dictionary<string, string>()).Select(c => new CreateTopicsRequest.Config { Name = c.Key, Value = c.Value }).ToList(),
                    },
                ],
            },
            5);
        Assert.Equal(ErrorCode.None, (ErrorCode)Assert.Single(response.Topics).ErrorCode);
    }

    /// <summary>Produces one batch with acks=-1 and returns its base offset (failing the test on an error).</summary>
    public static async Task<long> ProduceAsync(KafkaWireClient client, string topic, int partition, byte[] batch, short version = 9)
    {
        var answer = await client.SendAsync<ProduceRequest, ProduceResponse>(Produce(topic, partition, batch), version);
        var result = Assert.Single(Assert.Single(answer.Responses).PartitionResponses);
        Assert.Equal(ErrorCode.None, (ErrorCode)result.ErrorCode);
        return result.BaseOffset;
    }

    public static FetchResponse.PartitionData Single(FetchResponse response) =>
        Assert.Single(Assert.Single(response.Responses).Partitions);

    public static ProduceResponse.Partition Single(ProduceResponse response) =>
        Assert.Single(Assert.Single(response.Responses).PartitionResponses);

    public static ListOffsetsResponse.Partition Single(ListOffsetsResponse response) =>
        Assert.Single(Assert.Single(response.Topics).Partitions);

    /// <summary>Every record of the whole batches in <paramref name="records"/> (a trailing partial batch is ignored, as clients do).</summary>
    public static List<FetchedRecord> Records(ReadOnlyMemory<byte>? records)
    {
        var result = new List<FetchedRecord>();
        var data = records ?? ReadOnlyMemory<byte>.Empty;
        while (data.Length >= RecordBatchHeader.LogOverhead)
        {
            var size = RecordBatchHeader.PeekTotalSize(data.Span);
            if (size > data.Length)
            {
                break;
            }

            using var reader = new RecordBatchReader();
            Assert.Equal(RecordReadError.None, reader.Open(data[..size]));
            while (reader.TryReadNext(out var record))
            {
                result.Add(new FetchedRecord(record.Offset, record.Timestamp, record.HasValue ? Encoding.UTF8.GetString(record.Value.Span) : null));
            }

            Assert.Equal(RecordReadError.None, reader.Error);
            data = data[size..];
        }

        return result;
    }

    /// <summary>The number of whole batches in <paramref name="records"/>.</summary>
    public static int BatchCount(ReadOnlyMemory<byte>? records)
    {
        var count = 0;
        var data = records ?? ReadOnlyMemory<byte>.Empty;
        while (data.Length >= RecordBatchHeader.LogOverhead && RecordBatchHeader.PeekTotalSize(data.Span) <= data.Length)
        {
            data = data[RecordBatchHeader.PeekTotalSize(data.Span)..];
            count++;
        }

        return count;
    }

    /// <summary>Every record value of a partition, read from offset 0 with fetches until the high watermark.</summary>
    public static async Task<List<FetchedRecord>> ReadAllAsync(KafkaWireClient client, string topic, int partition)
    {
        var all = new List<FetchedRecord>();
        long next = 0;
        while (true)
        {
            var data = Single(await client.SendAsync<FetchRequest, FetchResponse>(Fetch(topic, partition, next), 11));
            Assert.Equal(ErrorCode.None, (ErrorCode)data.ErrorCode);
            if (next >= data.HighWatermark)
            {
                return all;
            }

            var fetched = Records(data.Records).Where(r => r.Offset >= next).ToList();
            Assert.NotEmpty(fetched);
            all.AddRange(fetched);
            next = fetched[^1].Offset + 1;
        }
    }
}
