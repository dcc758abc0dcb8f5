using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Broker;
using Wharf.Broker.Apis;
using Wharf.Broker.Network;
using Wharf.Protocol.Messages;

namespace Wharf.Bench.Micro;

/// <summary>
/// The produce and fetch handlers on a real log, with the request already decoded (see <see cref="CodecBenchmarks"/>
/// for the codecs): what the broker does and allocates per request between reading a frame and writing the answer.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: 2048)]
public class HandlerBenchmarks
{
    private const short ProduceVersion = 7;
    private const short FetchVersion = 11;

    private BrokerFixture _fixture = null!;
    private ProduceHandler _produce = null!;
    private FetchHandler _fetch = null!;
    private ProduceRequest _produceRequest = null!;
    private FetchRequest _fetchRequest = null!;
    private RequestHeader _produceHeader = null!;
    private RequestHeader _fetchHeader = null!;
    private byte[] _batch = [];
    private long _fetchEnd;

    [Params(10, 1000)]
    public int RecordsPerBatch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = BrokerFixture.Create();
        _produce = new ProduceHandler(_fixture.Topics, NullLogger<ProduceHandler>.Instance);
        _fetch = new FetchHandler(_fixture.Topics, TimeProvider.System);
        _batch = Batches.Build(RecordsPerBatch);
        _produceRequest = new ProduceRequest
        {
            Acks = 1,
            TimeoutMs = 30_000,
            TopicData = [new() { Name = BrokerFixture.Topic, PartitionData = [new() { Index = 0, Records = _batch }] }],
        };
        _fetchRequest = new FetchRequest
        {
            MaxWaitMs = 500,
            MinBytes = 1,
            MaxBytes = 52_428_800,
            Topics = [new() { Topic = BrokerFixture.Topic, Partitions = [new() { Partition = 0, PartitionMaxBytes = 1_048_576 }] }],
        };
        _produceHeader = new RequestHeader { ApiKey = (short)ApiKey.Produce, ApiVersion = ProduceVersion, CorrelationId = 1, ClientId = "bench" };
        _fetchHeader = new RequestHeader { ApiKey = (short)ApiKey.Fetch, ApiVersion = FetchVersion, CorrelationId = 2, ClientId = "bench" };
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _fixture.DisposeAsync();

    [IterationSetup(Target = nameof(Fetch))]
    public void FillForFetching()
    {
        if (_fetchEnd == 0)
        {
            _fixture.Fill(_batch, 48L * 1024 * 1024);
            _fetchEnd = _fixture.Log.LogEndOffset;
        }
    }

    [IterationCleanup(Target = nameof(Produce))]
    public void DropProduced() => _fixture.Log.DeleteRecordsBefore(-1);

    /// <summary>One batch, acks=1: checks, append, response.</summary>
    [Benchmark]
    public long Produce()
    {
        Batches.MakeProducible(_batch);
        var context = new RequestContext(_produceHeader, KafkaApis.Get(ApiKey.Produce), null, CancellationToken.None);
        var response = Complete(_produce.HandleAsync(context, _produceRequest));
        return response!.Responses[0].PartitionResponses[0].BaseOffset;
    }

    /// <summary>Up to 1 MiB from a moving offset, then the read buffers released as after the response is written.</summary>
    [Benchmark]
    public int Fetch()
    {
        var partition = _fetchRequest.Topics[0].Partitions[0];
        var next = partition.FetchOffset + RecordsPerBatch * 37;
        partition.FetchOffset = next >= _fetchEnd ? _fixture.Log.LogStartOffset : next;
        var context = new RequestContext(_fetchHeader, KafkaApis.Get(ApiKey.Fetch), null, CancellationToken.None);
        var response = Complete(_fetch.HandleAsync(context, _fetchRequest));
        var length = response!.Responses[0].Partitions[0].Records!.Value.Length;
        context.ReleaseResources();
        return length;
    }

    /// <summary>The handlers complete synchronously here (acks=1, data available); AsTask would allocate for nothing.</summary>
    private static T Complete<T>(ValueTask<T> pending) =>
        pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
}
