using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Wharf.Storage;

namespace Wharf.Bench.Micro;

/// <summary>
/// PartitionLog.Append (checks, CRC-32C, offsets assigned in place, write to the page cache) and PartitionLog.Read
/// (index lookup, whole batches into a pooled buffer, up to 1 MiB). A fixed number of appends per iteration, and
/// the appended data dropped between iterations (DeleteRecords), keep the benchmark's disk use bounded.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 10, invocationCount: 2048)]
public class StorageBenchmarks
{
    private const int ReadBytes = 1024 * 1024;

    private BrokerFixture _fixture = null!;
    private byte[] _batch = [];
    private long _readOffset;
    private long _readEnd;

    [Params(10, 1000)]
    public int RecordsPerBatch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = BrokerFixture.Create();
        _batch = Batches.Build(RecordsPerBatch);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _fixture.DisposeAsync();

    [IterationSetup(Target = nameof(Read))]
    public void FillForReading()
    {
        if (_readEnd == 0)
        {
            _fixture.Fill(_batch, 48L * 1024 * 1024);
            _readEnd = _fixture.Log.LogEndOffset;
        }
    }

    [IterationCleanup(Target = nameof(Append))]
    public void DropAppended() => _fixture.Log.DeleteRecordsBefore(-1);

    [Benchmark]
    public long Append()
    {
        Batches.MakeProducible(_batch);
        return _fixture.Log.Append(_batch, 0, AppendOrigin.Client).BaseOffset;
    }

    /// <summary>1 MiB of whole batches from a moving offset, as a consumer catching up reads.</summary>
    [Benchmark]
    public int Read()
    {
        var log = _fixture.Log;
        _readOffset = _readOffset + RecordsPerBatch * 37 >= _readEnd ? log.LogStartOffset : _readOffset + RecordsPerBatch * 37;
        using var result = log.Read(_readOffset, ReadBytes, minOneBatch: true, log.HighWatermark);
        return result.Records.Length;
    }
}
