using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Compression;

/// <summary>
/// gzip (RFC 1952), as Kafka clients write it: one gzip member around the records (Java's GZIPOutputStream,
/// librdkafka's and kafka-python's zlib). Uses System.IO.Compression (zlib-ng).
/// <para>
/// GZipStream reports the end of its input as the end of the data, so a truncated stream would decompress to a
/// prefix without complaint. The member's trailer is therefore checked here: the input's last 8 bytes must be the
/// CRC-32 and length of what was decompressed. That also refuses bytes after the member, and streams of several
/// members, which no Kafka client writes.
/// </para>
/// </summary>
internal sealed class GzipCodec : CompressionCodec
{
    public static readonly GzipCodec Instance = new();

    /// <summary>Kafka's default, Deflater.DEFAULT_COMPRESSION, is zlib's level 6.</summary>
    private const int DefaultLevel = 6;

    /// <summary>A 10-byte header, an empty deflate block (2 bytes) and the 8-byte trailer.</summary>
    private const int MinimumMemberSize = 20;

    private const int TrailerSize = 8;

    public override CompressionType Type => CompressionType.Gzip;

    /// <summary>A member holding nothing: GZipStream writes no bytes at all when given none.</summary>
    private static ReadOnlySpan<byte> EmptyMember =>
        [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    public override int Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, int? level = null)
    {
        if (source.IsEmpty)
        {
            destination.Write(EmptyMember);
            return EmptyMember.Length;
        }

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
        written = 0;
        if (source.Length < MinimumMemberSize)
        {
            return DecompressionStatus.Corrupt;
        }

        var crc = ~0u;
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

                    crc = Crc32Ieee.Append(crc, window[..read]);
                }
            }
        }
        catch (InvalidDataException)
        {
            // zlib's verdict on corrupt data: the expected bad input, reported rather than thrown.
            written = output.Written;
            return DecompressionStatus.Corrupt;
        }

        written = output.Written;
        var trailer = source[^TrailerSize..];
        var intact = BinaryPrimitives.ReadUInt32LittleEndian(trailer) == ~crc
            && BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == (uint)written;
        return intact ? DecompressionStatus.Success : DecompressionStatus.Corrupt;
    }
}
