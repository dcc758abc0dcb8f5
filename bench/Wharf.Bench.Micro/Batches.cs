using System.Buffers;
using Wharf.Protocol.Records;

namespace Wharf.Bench.Micro;

/// <summary>Record batches as a producer sends them: uncompressed, null keys, values of 100 bytes.</summary>
public static class Batches
{
    public const int ValueSize = 100;

    public static byte[] Build(int records)
    {
        var value = new byte[ValueSize];
        new Random(records).NextBytes(value);
        using var builder = new RecordBatchBuilder();
        for (var i = 0; i < records; i++)
        {
            builder.Append(1_700_000_000_000 + i, NullableBytes.Null, value);
        }

        var output = new ArrayBufferWriter<byte>();
        builder.WriteTo(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Undoes what an append wrote into a batch in place (base offset, leader epoch), so it can be appended again.</summary>
    public static void MakeProducible(Span<byte> batch)
    {
        RecordBatch.SetBaseOffset(batch, 0);
        RecordBatch.SetPartitionLeaderEpoch(batch, -1);
    }
}
