using System.Buffers;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Compression;

/// <summary>
/// Zstandard frames (RFC 8878, KIP-110) through libzstd's streaming API. Writes one frame with its content size,
/// which kafka-python needs to decompress more than 1 MiB. Reads frames with or without a content size (zstd-jni
/// in the Java client streams and leaves it out), and concatenated or skippable frames.
/// <para>
/// The decoder's window is limited by libzstd's default (2^27 bytes), the largest any compression level writes;
/// a frame asking for more is refused as corrupt.
/// </para>
/// </summary>
internal sealed class ZstdCodec : CompressionCodec
{
    public static readonly ZstdCodec Instance = new();

    /// <summary>ZSTD_CLEVEL_DEFAULT, also Kafka's default compression.zstd.level.</summary>
    private const int DefaultLevel = 3;

    private const int ChunkSize = 64 * 1024;

    public override CompressionType Type => CompressionType.Zstd;

    public override unsafe int Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int? level = null)
    {
        ZstdNative.EnsureLoaded();
        var context = ZstdNative.ZSTD_createCCtx();
        if (context == 0)
        {
            throw new InsufficientMemoryException("ZSTD_createCCtx failed.");
        }

        try
        {
            ZstdNative.Check(ZstdNative.ZSTD_CCtx_setParameter(context, ZstdNative.CompressionLevelParameter, level ?? DefaultLevel), "ZSTD_CCtx_setParameter");
            ZstdNative.Check(ZstdNative.ZSTD_CCtx_setPledgedSrcSize(context, (ulong)source.Length), "ZSTD_CCtx_setPledgedSrcSize");
            var chunk = (int)Math.Min((ulong)ChunkSize, ZstdNative.ZSTD_compressBound((nuint)source.Length));
            var written = 0;
            fixed (byte* data = source)
            {
                var input = new ZstdNative.Buffer { Data = data, Size = (nuint)source.Length };
                nuint remaining;
                do
                {
                    var span = destination.GetSpan(chunk);
                    fixed (byte* target = span)
                    {
                        var output = new ZstdNative.Buffer { Data = target, Size = (nuint)span.Length };
                        remaining = ZstdNative.Check(ZstdNative.ZSTD_compressStream2(context, &output, &input, ZstdNative.EndDirective), "ZSTD_compressStream2");
                        destination.Advance((int)output.Position);
                        written += (int)output.Position;
                    }
                }
                while (remaining != 0);
            }

            return written;
        }
        finally
        {
            ZstdNative.ZSTD_freeCCtx(context);
        }
    }

    public override unsafe DecompressionStatus Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputLength, out int written)
    {
        ZstdNative.EnsureLoaded();
        var output = new BoundedOutput(destination, maxOutputLength, stackalloc byte[1]);
        written = 0;
        fixed (byte* data = source)
        {
            // A frame that announces more than the maximum is refused before anything is decoded.
            var contentSize = ZstdNative.ZSTD_getFrameContentSize(data, (nuint)source.Length);
            if (contentSize == ZstdNative.ContentSizeError)
            {
                return DecompressionStatus.Corrupt;
            }

            if (contentSize != ZstdNative.ContentSizeUnknown && contentSize > (ulong)maxOutputLength)
            {
                return DecompressionStatus.TooLarge;
            }
        }

        var context = ZstdNative.ZSTD_createDCtx();
        if (context == 0)
        {
            throw new InsufficientMemoryException("ZSTD_createDCtx failed.");
        }

        try
        {
            var status = Run(context, source, ref output);
            written = output.Written;
            return status;
        }
        finally
        {
            ZstdNative.ZSTD_freeDCtx(context);
        }
    }

    private static unsafe DecompressionStatus Run(nint context, ReadOnlySpan<byte> source, ref BoundedOutput output)
    {
        fixed (byte* data = source)
        {
            var input = new ZstdNative.Buffer { Data = data, Size = (nuint)source.Length };
            while (true)
            {
                var window = output.NextWindow();
                var before = input.Position;
                nuint hint;
                int produced;
                fixed (byte* target = window)
                {
                    var buffer = new ZstdNative.Buffer { Data = target, Size = (nuint)window.Length };
                    hint = ZstdNative.ZSTD_decompressStream(context, &buffer, &input);
                    produced = (int)buffer.Position;
                }

                if (ZstdNative.ZSTD_isError(hint) != 0)
                {
                    return DecompressionStatus.Corrupt;
                }

                if (!output.Advance(produced))
                {
                    return DecompressionStatus.TooLarge;
                }

                if (hint == 0 && input.Position == input.Size)
                {
                    // The last frame is complete and flushed (0 means exactly that); more input would be a next frame.
                    return DecompressionStatus.Success;
                }

                if (input.Position == before && produced == 0)
                {
                    // The decoder wants more input than there is: a truncated frame.
                    return DecompressionStatus.Corrupt;
                }
            }
        }
    }
}
