namespace Wharf.Clients.Producing;

/// <summary>
/// The Java producer's partition for a keyed record: murmur2 of the key bytes (Kafka's Utils.murmur2, seed
/// 0x9747b28c), made positive by masking the sign bit, modulo the partition count. librdkafka's
/// <c>murmur2_random</c> partitioner computes the same, so Java clients, librdkafka clients configured so, and
/// Wharf put one key in one partition.
/// </summary>
public static class JavaPartitioner
{
    public static int PartitionOf(ReadOnlySpan<byte> key, int partitionCount) => (Murmur2(key) & 0x7fffffff) % partitionCount;

    public static int Murmur2(ReadOnlySpan<byte> data)
    {
        const uint M = 0x5bd1e995;
        const int R = 24;
        var h = 0x9747b28cu ^ (uint)data.Length;
        var whole = data.Length & ~3;
        for (var i = 0; i < whole; i += 4)
        {
            var k = (uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
            k *= M;
            k ^= k >> R;
            k *= M;
            h *= M;
            h ^= k;
        }

        switch (data.Length & 3)
        {
            case 3:
                h ^= (uint)data[whole + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[whole + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[whole];
                h *= M;
                break;
        }

        h ^= h >> 13;
        h *= M;
        h ^= h >> 15;
        return (int)h;
    }
}
