using BenchmarkDotNet.Attributes;
using Wharf.Protocol.Records;

namespace Wharf.Bench.Micro;

/// <summary>CRC-32C over a batch, which every produced batch pays once (Kafka's LogValidator checks it too).</summary>
[MemoryDiagnoser]
public class CrcBenchmarks
{
    private byte[] _data = [];

    [Params(1024, 16 * 1024, 1024 * 1024)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Bytes];
        new Random(1).NextBytes(_data);
    }

    [Benchmark]
    public uint Crc32C_compute() => Crc32C.Compute(_data);
}
