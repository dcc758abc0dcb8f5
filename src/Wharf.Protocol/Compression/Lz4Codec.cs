using System.Buffers;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Compression;

/// <summary>
/// LZ4 in the standard frame format (KIP-57; the lz4 CLI's format), through liblz4's LZ4F API. Writes what Kafka's
/// Java client writes: independent 64 KiB blocks, no content size, no checksums. Reads any valid single frame,
/// including content sizes, checksums and linked blocks, which librdkafka, python-lz4 and the CLI may write.
/// </summary>
internal sealed class Lz4Codec : CompressionCodec
{
    public static readonly Lz4Codec Instance = new();

    private const int ChunkSize = 64 * 1024;

    public override CompressionType Type => CompressionType.Lz4;

    /// <summary>Level 0 is LZ4's fast mode (librdkafka's default); levels 3 and up select LZ4-HC.</summary>
    public override unsafe int Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int? level = null)
    {
        Lz4Native.EnsureLoaded();
        var preferences = new Lz4Native.Preferences
        {
            BlockSizeId = Lz4Native.BlockSize64KB,
            BlockMode = Lz4Native.BlockIndependent,
            CompressionLevel = level ?? 0,
            AutoFlush = 1,
        };
        nint context;
        Lz4Native.Check(Lz4Native.LZ4F_createCompressionContext(&context, Lz4Native.FrameVersion), "LZ4F_createCompressionContext");
        try
        {
            var span = destination.GetSpan(Lz4Native.HeaderSizeMax);
            nuint length;
            fixed (byte* output = span)
            {
                length = Lz4Native.Check(Lz4Native.LZ4F_compressBegin(context, output, (nuint)span.Length, &preferences), "LZ4F_compressBegin");
            }

            destination.Advance((int)length);
            var written = (int)length;
            fixed (byte* input = source)
            {
                for (var start = 0; start < source.Length; start += ChunkSize)
                {
                    var chunk = Math.Min(ChunkSize, source.Length - start);
                    span = destination.GetSpan((int)Lz4Native.LZ4F_compressBound((nuint)chunk, &preferences));
                    fixed (byte* output = span)
                    {
                        length = Lz4Native.Check(Lz4Native.LZ4F_compressUpdate(context, output, (nuint)span.Length, input + start, (nuint)chunk, null), "LZ4F_compressUpdate");
                    }

                    destination.Advance((int)length);
                    written += (int)length;
                }
            }

            span = destination.GetSpan((int)Lz4Native.LZ4F_compressBound(0, &preferences));
            fixed (byte* output = span)
            {
                length = Lz4Native.Check(Lz4Native.LZ4F_compressEnd(context, output, (nuint)span.Length, null), "LZ4F_compressEnd");
            }

            destination.Advance((int)length);
            return written + (int)length;
        }
        finally
        {
            Lz4Native.LZ4F_freeCompressionContext(context);
        }
    }

    public override unsafe DecompressionStatus Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputLength, out int written)
    {
        Lz4Native.EnsureLoaded();
        var output = new BoundedOutput(destination, maxOutputLength, stackalloc byte[1]);
        nint context;
        Lz4Native.Check(Lz4Native.LZ4F_createDecompressionContext(&context, Lz4Native.FrameVersion), "LZ4F_createDecompressionContext");
        try
        {
            var status = Run(context, source, ref output);
            written = output.Written;
            return status;
        }
        finally
        {
            Lz4Native.LZ4F_freeDecompressionContext(context);
        }
    }

    private static unsafe DecompressionStatus Run(nint context, ReadOnlySpan<byte> source, ref BoundedOutput output)
    {
        var position = 0;
        fixed (byte* input = source)
        {
            while (true)
            {
                var window = output.NextWindow();
                var produced = (nuint)window.Length;
                var consumed = (nuint)(source.Length - position);
                nuint hint;
                fixed (byte* target = window)
                {
                    hint = Lz4Native.LZ4F_decompress(context, target, &produced, input + position, &consumed, null);
                }

                if (Lz4Native.LZ4F_isError(hint) != 0)
                {
                    return DecompressionStatus.Corrupt;
                }

                position += (int)consumed;
                if (!output.Advance((int)produced))
                {
                    return DecompressionStatus.TooLarge;
                }

                if (hint == 0)
                {
                    // The frame is complete. Kafka's payload is exactly one frame, so anything after it is corrupt.
                    return position == source.Length ? DecompressionStatus.Success : DecompressionStatus.Corrupt;
                }

                if (consumed == 0 && produced == 0)
                {
                    // The decoder wants more input than there is: a truncated frame.
                    return DecompressionStatus.Corrupt;
                }
            }
        }
    }
}
