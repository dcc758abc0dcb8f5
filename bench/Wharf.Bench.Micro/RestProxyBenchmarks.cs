using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http;
using Wharf.RestProxy.Consumers;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Http;
using Wharf.RestProxy.Produce;

namespace Wharf.Bench.Micro;

/// <summary>
/// The REST Proxy's per-record work outside librdkafka: reading a v2 produce request of 100 B binary records into
/// record bytes, and writing consumed records as a records response (binary and json formats) into a response
/// body that discards what it gets. What each request allocates beyond the record bytes Kafka needs is the point.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RestProxyBenchmarks
{
    private const int RecordSize = 100;

    private byte[] _produceBody = [];
    private ConsumeResult<byte[]?, byte[]?>[] _binaryRecords = [];
    private ConsumeResult<byte[]?, byte[]?>[] _jsonRecords = [];

    [Params(100, 1000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var payload = new byte[RecordSize];
        new Random(RecordSize).NextBytes(payload);
        var record = "{\"value\":\"" + Convert.ToBase64String(payload) + "\"}";
        _produceBody = Encoding.UTF8.GetBytes("{\"records\":[" + string.Join(',', Enumerable.Repeat(record, Records)) + "]}");
        var json = Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 60) + "\",\"count\":12345,\"tags\":[\"a\",\"b\"]}");
        _binaryRecords = Consumed(payload);
        _jsonRecords = Consumed(json);
    }

    /// <summary>A binary produce request body read, every value decoded to its record bytes (what ProduceEndpoint does before producing).</summary>
    [Benchmark]
    public int ReadBinaryProduceRequest()
    {
        using var request = ProduceRequestReader.Read(_produceBody, "produceBinary.arg2");
        var bytes = 0;
        foreach (var record in request.Records.Span)
        {
            bytes += BinaryFormat.Instance.Serialize(record.Value, isKey: false)!.Length;
        }

        return bytes;
    }

    [Benchmark]
    public Task WriteBinaryRecordsResponse() => WriteAsync(BinaryFormat.Instance, _binaryRecords);

    [Benchmark]
    public Task WriteJsonRecordsResponse() => WriteAsync(JsonFormat.Instance, _jsonRecords);

    private static async Task WriteAsync(IRecordFormat format, ConsumeResult<byte[]?, byte[]?>[] records)
    {
        var context = new DefaultHttpContext();
        context.Features.Set(new RestRequest { ResponseContentType = "application/vnd.kafka.binary.v2+json" });
        context.Response.Body = Stream.Null;
        var response = new RecordsResponse(context, format, RecordShape.V2);
        foreach (var record in records)
        {
            response.TryWrite(record);
            if (response.NeedsFlush)
            {
                await response.FlushAsync(CancellationToken.None);
            }
        }

        await response.CompleteAsync(CancellationToken.None);
    }

    private ConsumeResult<byte[]?, byte[]?>[] Consumed(byte[] value) =>
        Enumerable.Range(0, Records).Select(i => new ConsumeResult<byte[]?, byte[]?>
        {
            TopicPartitionOffset = new TopicPartitionOffset("bench-topic", 0, i),
            Message = new Message<byte[]?, byte[]?> { Value = value, Timestamp = new Timestamp(1_700_000_000_000 + i, TimestampType.CreateTime) },
        }).ToArray();
}
