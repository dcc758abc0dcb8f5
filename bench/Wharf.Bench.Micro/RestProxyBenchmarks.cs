using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Wharf.RestProxy.Formats;
using Wharf.RestProxy.Produce;

namespace Wharf.Bench.Micro;

/// <summary>
/// The REST Proxy's per-record work outside Kafka: reading a v2 produce request of 100 B binary records into record
/// bytes. What each request allocates beyond the record bytes Kafka needs is the point. (The records answers are
/// written from records that live in librdkafka's buffers, so they are measured end to end by <c>wharf-bench rest</c>.)
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RestProxyBenchmarks
{
    private const int RecordSize = 100;

    private byte[] _produceBody = [];

    [Params(100, 1000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var payload = new byte[RecordSize];
        new Random(RecordSize).NextBytes(payload);
        var record = "{\"value\":\"" + Convert.ToBase64String(payload) + "\"}";
        _produceBody = Encoding.UTF8.GetBytes("{\"records\":[" + string.Join(',', Enumerable.Repeat(record, Records)) + "]}");
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
}
