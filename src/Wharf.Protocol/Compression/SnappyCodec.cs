using System.Buffers;
using System.Buffers.Binary;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Compression;

/// <summary>
/// Snappy as Kafka clients write it, in a managed implementation (.NET has no snappy package here).
/// <para>
/// Reading accepts both forms found in the wild: a raw snappy block (librdkafka's producer) and snappy-java's
/// xerial framing (the Java client): the 8-byte magic <c>\x82SNAPPY\0</c>, a version and a compatible-version
/// int32, then blocks of [int32 big-endian length][raw snappy block].
/// </para>
/// <para>
/// Writing uses the xerial framing with 32 KiB blocks, as snappy-java's SnappyOutputStream does (the compressed
/// blocks differ, as any two snappy compressors' do), because every reader accepts it: the Java client (it is its own format), librdkafka (its msgset reader checks
/// for the xerial magic, else treats the payload as one raw block) and kafka-python (codec.snappy_decode checks
/// for the magic with version 1 and compatible version 1). A raw block would also be read by all three, but
/// framing keeps blocks small and is what Kafka's own brokers emit when they recompress.
/// </para>
/// </summary>
internal sealed class SnappyCodec : CompressionCodec
{
    public static readonly SnappyCodec Instance = new();

    /// <summary>snappy-java's default block size (SnappyOutputStream.DEFAULT_BLOCK_SIZE).</summary>
    private const int XerialBlockSize = 32 * 1024;

    private const int XerialHeaderSize = 16;
    private const int XerialVersion = 1;
    private const int XerialCompatibleVersion = 1;

    private const int MaxExpansion = 22;

    private static ReadOnlySpan<byte> XerialMagic => [0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0];

    public override CompressionType Type => CompressionType.Snappy;

    public override int Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int? level = null)
    {
        var header = destination.GetSpan(XerialHeaderSize);
        XerialMagic.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], XerialVersion);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], XerialCompatibleVersion);
        destination.Advance(XerialHeaderSize);
        var written = XerialHeaderSize;
        for (var start = 0; start < source.Length; start += XerialBlockSize)
        {
            var block = source.Slice(start, Math.Min(XerialBlockSize, source.Length - start));
            var span = destination.GetSpan(4 + SnappyBlock.MaxCompressedLength(block.Length));
            var length = SnappyBlock.Compress(block, span[4..]);
            BinaryPrimitives.WriteInt32BigEndian(span, length);
            destination.Advance(4 + length);
            written += 4 + length;
        }

        return written;
    }

    public override DecompressionStatus Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputLength, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputLength);
        written = 0;
        if (source.Length < XerialHeaderSize || !source.StartsWith(XerialMagic))
        {
            return DecompressBlock(source, destination, maxOutputLength, ref written);
        }

        // The version fields are not checked, as librdkafka does not: the block layout never changed.
        var rest = source[XerialHeaderSize..];
        while (!rest.IsEmpty)
        {
            if (rest.Length < 4)
            {
                return DecompressionStatus.Corrupt;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(rest);
            if (length <= 0 || length > rest.Length - 4)
            {
                return DecompressionStatus.Corrupt;
            }

            var status = DecompressBlock(rest.Slice(4, length), destination, maxOutputLength, ref written);
            if (status != DecompressionStatus.Success)
            {
                return status;
            }

            rest = rest[(4 + length)..];
        }

        return DecompressionStatus.Success;
    }

    /// <summary>One raw block; its announced length is checked against the budget before any output is taken.</summary>
    private static DecompressionStatus DecompressBlock(ReadOnlySpan<byte> block, IBufferWriter<byte> destination, int maxOutputLength, ref int written)
    {
        if (!SnappyBlock.TryReadUncompressedLength(block, out var length, out var headerLength))
        {
            return DecompressionStatus.Corrupt;
        }

        // No element expands more than 64 bytes out of 3 in, so a larger claim is a lie: refuse it before
        // taking room for it.
        if (length > MaxExpansion * (long)(block.Length - headerLength))
        {
            return DecompressionStatus.Corrupt;
        }

        if (length > maxOutputLength - written)
        {
            return DecompressionStatus.TooLarge;
        }

        if (length == 0)
        {
            return headerLength == block.Length ? DecompressionStatus.Success : DecompressionStatus.Corrupt;
        }

        var output = destination.GetSpan(length)[..length];
        if (!SnappyBlock.TryDecompress(block[headerLength..], output))
        {
            return DecompressionStatus.Corrupt;
        }

        destination.Advance(length);
        written += length;
        return DecompressionStatus.Success;
    }
}
