using System.Buffers;
using System.Text;
using Wharf.Protocol.Compression;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Tests.Compression;

public sealed class CodecRoundTripTests
{
    private const int MiB = 1024 * 1024;

    public static TheoryData<CompressionType, string> CodecsAndInputs()
    {
        var data = new TheoryData<CompressionType, string>();
        foreach (var codec in Codecs)
        {
            foreach (var input in new[] { "empty", "small", "text-1mib", "random-1mib" })
            {
                data.Add(codec, input);
            }
        }

        return data;
    }

    public static TheoryData<CompressionType> AllCodecs() => new(Codecs);

    internal static CompressionType[] Codecs => [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

    internal static byte[] Input(string name) => name switch
    {
        "empty" => [],
        "small" => "hello, wharf"u8.ToArray(),
        "text-1mib" => Text(MiB),
        "random-1mib" => Random(MiB, seed: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    internal static byte[] Text(int length)
    {
        var text = new StringBuilder();
        for (var line = 0; text.Length < length; line++)
        {
            text.Append("offset ").Append(line % 977).Append(": a record batch holds records; compaction keeps the last of each key\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    internal static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    internal static byte[] Compress(CompressionType codec, ReadOnlySpan<byte> input)
    {
        var output = new ArrayBufferWriter<byte>();
        var written = CompressionCodec.For(codec).Compress(input, output);
        Assert.Equal(output.WrittenCount, written);
        return output.WrittenSpan.ToArray();
    }

    internal static (DecompressionStatus Status, byte[] Output) Decompress(CompressionType codec, ReadOnlySpan<byte> input, int max)
    {
        using var output = new PooledBufferWriter();
        var status = CompressionCodec.For(codec).Decompress(input, output, max, out var written);
        Assert.Equal(output.WrittenCount, written);
        Assert.True(written <= max);
        return (status, output.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(CodecsAndInputs))]
    public void Compressed_data_decompresses_to_the_original(CompressionType codec, string input)
    {
        var original = Input(input);
        var compressed = Compress(codec, original);
        var (status, output) = Decompress(codec, compressed, original.Length);
        Assert.Equal(DecompressionStatus.Success, status);
        Assert.Equal(original, output);
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Output_one_byte_over_the_maximum_is_too_large(CompressionType codec)
    {
        var original = Text(200_000);
        var compressed = Compress(codec, original);
        Assert.Equal(DecompressionStatus.Success, Decompress(codec, compressed, original.Length).Status);
        Assert.Equal(DecompressionStatus.TooLarge, Decompress(codec, compressed, original.Length - 1).Status);
        Assert.Equal(DecompressionStatus.TooLarge, Decompress(codec, compressed, 0).Status);
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Repetitive_text_shrinks(CompressionType codec)
    {
        var original = Text(MiB);
        Assert.True(Compress(codec, original).Length < original.Length / 5);
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Levels_are_passed_to_the_codec(CompressionType codec)
    {
        var original = Text(100_000);
        var output = new ArrayBufferWriter<byte>();
        CompressionCodec.For(codec).Compress(original, output, level: 1);
        var (status, roundTrip) = Decompress(codec, output.WrittenSpan, original.Length);
        Assert.Equal(DecompressionStatus.Success, status);
        Assert.Equal(original, roundTrip);
    }

    [Fact]
    public void None_is_not_a_codec() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CompressionCodec.For(CompressionType.None));

    [Fact]
    public void Snappy_writes_the_xerial_framing_kafka_readers_look_for()
    {
        var compressed = Compress(CompressionType.Snappy, Text(100_000));
        // snappy-java's header: magic \x82SNAPPY\0, version 1, compatible version 1 (what kafka-python checks).
        Assert.Equal(new byte[] { 0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1 }, compressed[..16]);
        // 32 KiB blocks, as SnappyOutputStream writes: four for 100,000 bytes.
        var blocks = 0;
        for (var at = 16; at < compressed.Length; blocks++)
        {
            at += 4 + System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(compressed.AsSpan(at));
        }

        Assert.Equal(4, blocks);
    }

    [Fact]
    public void Lz4_writes_independent_64_KiB_blocks_without_content_size_as_kafkas_java_client_does()
    {
        var compressed = Compress(CompressionType.Lz4, Text(10_000));
        Assert.Equal(new byte[] { 0x04, 0x22, 0x4D, 0x18 }, compressed[..4]);
        // FLG: version 01, block independence, no block checksum, no content size, no content checksum.
        Assert.Equal(0x60, compressed[4]);
        // BD: maximum block size 64 KiB.
        Assert.Equal(0x40, compressed[5]);
    }

    [Fact]
    public void Zstd_frames_carry_their_content_size_for_kafka_python()
    {
        var compressed = Compress(CompressionType.Zstd, Text(3 * MiB));
        Assert.Equal(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }, compressed[..4]);
        var descriptor = compressed[4];
        var contentSizeFlag = descriptor >> 6;
        var singleSegment = (descriptor >> 5) & 1;
        Assert.True(contentSizeFlag != 0 || singleSegment != 0);
    }
}
