using System.Buffers;
using System.IO.Compression;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Compression;

/// <summary>
/// gzip (RFC 1952), as Kafka writes it: one plain gzip member around the records (Java's GZIPOutputStream).
/// Uses System.IO.Compression (zlib-ng), which checks the trailer's CRC-32 and length.
/// </summary>
internal sealed class GzipCodec : CompressionCodec
{
    public static readonly GzipCodec Instance = new();

    /// <summary>Kafka's default, Deflater.DEFAULT_COMPRESSION, is zlib's level 6.</summary>
    private const int DefaultLevel = 6;

    public override CompressionType Type => CompressionType.Gzip;

    public override int Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int? level = null)
    {
        var output = new BufferWriterStream(destination);
        var options = new ZLibCompressionOptions { CompressionLevel = level ?? DefaultLevel };
        using (var gzip = new GZipStream(output, options, leaveOpen: true))
        {
            gzip.Write(source);
        }

        return checked((int)output.Written);
    }

    public override unsafe DecompressionStatus Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int maxOutputLength, out int written)
    {
        var output = new BoundedOutput(destination, maxOutputLength, stackalloc byte[1]);
        try
        {
            fixed (byte* input = source)
            {
                using var stream = new UnmanagedMemoryStream(input, source.Length);
                using var gzip = new GZipStream(stream, CompressionMode.Decompress);
                while (true)
                {
                    var window = output.NextWindow();
                    var read = gzip.Read(window);
                    if (read == 0)
                    {
                        break;
                    }

                    if (!output.Advance(read))
                    {
                        written = output.Written;
                        return DecompressionStatus.TooLarge;
                    }
                }
            }
        }
        catch (InvalidDataException)
        {
            // zlib's verdict on a corrupt or truncated stream: the expected bad input, reported rather than thrown.
            written = output.Written;
            return DecompressionStatus.Corrupt;
        }

        written = output.Written;
        return DecompressionStatus.Success;
    }
}
