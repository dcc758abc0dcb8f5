using System.Buffers;
using BenchmarkDotNet.Attributes;
using Wharf.Protocol.Messages;
using Wharf.Protocol.Primitives;

namespace Wharf.Bench.Micro;

/// <summary>
/// The generated codecs on the produce and fetch paths, at the versions librdkafka 2.0 sends (Produce v7, Fetch
/// v11). Record sets are slices of the frame on the way in and are written by reference on the way out, so what
/// a request allocates must not depend on how many records it carries.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private const short ProduceVersion = 7;
    private const short FetchVersion = 11;

    private readonly ArrayBufferWriter<byte> _output = new(4 * 1024 * 1024);
    private readonly PayloadSink _payloads = new();
    private byte[] _produceRequest = [];
    private byte[] _fetchRequest = [];
    private ProduceResponse _produceResponse = null!;
    private FetchResponse _fetchResponse = null!;

    [Params(10, 1000)]
    public int RecordsPerBatch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var batch = Batches.Build(RecordsPerBatch);
        _produceRequest = Encode(
            new ProduceRequest { Acks = 1, TimeoutMs = 30_000, TopicData = [new() { Name = "bench", PartitionData = [new() { Index = 0, Records = batch }] }] },
            ProduceVersion);
        _fetchRequest = Encode(
            new FetchRequest
            {
                MaxWaitMs = 500,
                MinBytes = 1,
                MaxBytes = 52_428_800,
                SessionEpoch = -1,
                Topics = [new() { Topic = "bench", Partitions = [new() { Partition = 0, FetchOffset = 12_345, PartitionMaxBytes = 1_048_576 }] }],
            },
            FetchVersion);
        _produceResponse = new ProduceResponse
        {
            Responses = [new() { Name = "bench", PartitionResponses = [new() { Index = 0, BaseOffset = 12_345, LogAppendTimeMs = -1, LogStartOffset = 0 }] }],
        };
        _fetchResponse = new FetchResponse
        {
            Responses = [new() { Topic = "bench", Partitions = [new() { PartitionIndex = 0, HighWatermark = 99_999, LastStableOffset = 99_999, LogStartOffset = 0, Records = batch }] }],
        };
    }

    [Benchmark]
    public int ProduceRequest_decode()
    {
        var reader = new KafkaReader(_produceRequest);
        var request = ProduceRequest.Read(ref reader, ProduceVersion);
        return request.TopicData[0].PartitionData[0].Records!.Value.Length;
    }

    [Benchmark]
    public long ProduceResponse_encode()
    {
        _output.ResetWrittenCount();
        var writer = new KafkaWriter(_output);
        _produceResponse.Write(ref writer, ProduceVersion);
        writer.Commit();
        return writer.BytesWritten;
    }

    [Benchmark]
    public long FetchRequest_decode()
    {
        var reader = new KafkaReader(_fetchRequest);
        var request = FetchRequest.Read(ref reader, FetchVersion);
        return request.Topics[0].Partitions[0].FetchOffset;
    }

    /// <summary>Into a plain buffer writer: the records are copied.</summary>
    [Benchmark]
    public long FetchResponse_encode_copying()
    {
        _output.ResetWrittenCount();
        var writer = new KafkaWriter(_output);
        _fetchResponse.Write(ref writer, FetchVersion);
        writer.Commit();
        return writer.BytesWritten;
    }

    /// <summary>Into a payload writer, as the broker's connections do: record sets of 8 KiB or more are passed by reference.</summary>
    [Benchmark]
    public long FetchResponse_encode_by_reference()
    {
        _payloads.Reset();
        var writer = new KafkaWriter(_payloads);
        _fetchResponse.Write(ref writer, FetchVersion);
        writer.Commit();
        return writer.BytesWritten;
    }

    private static byte[] Encode(IKafkaMessage message, short version)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new KafkaWriter(output);
        message.Write(ref writer, version);
        writer.Commit();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Keeps the fields, counts the payloads handed over.</summary>
    private sealed class PayloadSink : IPayloadBufferWriter
    {
        private readonly ArrayBufferWriter<byte> _fields = new(64 * 1024);

        public long PayloadBytes { get; private set; }

        public void Reset()
        {
            _fields.ResetWrittenCount();
            PayloadBytes = 0;
        }

        public void Advance(int count) => _fields.Advance(count);

        public Memory<byte> GetMemory(int sizeHint = 0) => _fields.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => _fields.GetSpan(sizeHint);

        public void WritePayload(ReadOnlyMemory<byte> payload) => PayloadBytes += payload.Length;
    }
}
