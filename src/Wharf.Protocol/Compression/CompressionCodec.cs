using System.Buffers;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Compression;

/// <summary>
/// One record batch compression codec (the compression bits of a batch's attributes, KIP-98). Codecs are stateless
/// singletons and thread-safe. Compression writes whole streams as Kafka's Java client does; decompression accepts
/// what every known producer writes and never writes more than the caller's maximum, so a small payload that
/// inflates to gigabytes costs at most that maximum. Bad input is reported, never thrown; exceptions mean a bug
/// or a missing native library (lz4 and zstd use Debian's liblz4.so.1 and libzstd.so.1).
/// </summary>
public abstract class CompressionCodec
{
    private protected CompressionCodec()
    {
    }

    public abstract CompressionType Type { get; }

    /// <summary>The codec for gzip, snappy, lz4 or zstd.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="CompressionType.None"/> or an unknown value.</exception>
    public static CompressionCodec For(CompressionType type) => type switch
    {
        CompressionType.Gzip => GzipCodec.Instance,
        CompressionType.Snappy => SnappyCodec.Instance,
        CompressionType.Lz4 => Lz4Codec.Instance,
        CompressionType.Zstd => ZstdCodec.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a compression codec."),
    };

    /// <summary>
    /// Compresses <paramref name="source"/> as one stream appended to <paramref name="destination"/> and returns
    /// the bytes written. <paramref name="level"/> is the codec's own level scale (Kafka's compression.*.level,
    /// KIP-390); null takes the codec's default (gzip 6, lz4 0 = fast, zstd 3). gzip refuses a level outside
    /// -1..9 with <see cref="ArgumentOutOfRangeException"/>; lz4 and zstd clamp; snappy has no levels.
    /// </summary>
    public abstract int Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int? level = null);

    /// <summary>
    /// Decompresses all of <paramref name="source"/> into <paramref name="destination"/>, writing at most
    /// <paramref name="maxOutputLength"/> bytes; <paramref name="written"/> counts what was written, also on failure.
    /// </summary>
    public abstract DecompressionStatus Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputLength, out int written);
}
