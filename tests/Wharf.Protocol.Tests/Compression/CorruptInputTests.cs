using Wharf.Protocol.Compression;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Tests.Compression;

/// <summary>Corrupt, truncated and hostile payloads are reported as such; no exception escapes a codec.</summary>
public sealed class CorruptInputTests
{
    private const int Max = 4 * 1024 * 1024;

    public static TheoryData<CompressionType> AllCodecs() => new(CodecRoundTripTests.Codecs);

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Empty_input_is_corrupt(CompressionType codec) =>
        Assert.Equal(DecompressionStatus.Corrupt, CodecRoundTripTests.Decompress(codec, [], Max).Status);

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Truncated_streams_are_corrupt(CompressionType codec)
    {
        var compressed = CodecRoundTripTests.Compress(codec, CodecRoundTripTests.Text(300_000));
        foreach (var length in new[] { 1, 5, 10, 19, compressed.Length / 2, compressed.Length - 8, compressed.Length - 1 })
        {
            var status = CodecRoundTripTests.Decompress(codec, compressed.AsSpan(0, length), Max).Status;
            Assert.True(status == DecompressionStatus.Corrupt, "cut to " + length + ": " + status);
        }
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Random_bytes_are_corrupt(CompressionType codec)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var garbage = CodecRoundTripTests.Random(1000, seed);
            Assert.Equal(DecompressionStatus.Corrupt, CodecRoundTripTests.Decompress(codec, garbage, Max).Status);
        }
    }

    [Theory]
    [InlineData(CompressionType.Gzip)]
    [InlineData(CompressionType.Lz4)]
    [InlineData(CompressionType.Snappy)]
    public void Bytes_after_the_stream_are_corrupt(CompressionType codec)
    {
        var compressed = CodecRoundTripTests.Compress(codec, CodecRoundTripTests.Text(10_000));
        var status = CodecRoundTripTests.Decompress(codec, [.. compressed, 1, 2, 3, 4, 5], Max).Status;
        Assert.Equal(DecompressionStatus.Corrupt, status);
    }

    [Theory]
    [MemberData(nameof(AllCodecs))]
    public void Mutated_streams_never_throw(CompressionType codec)
    {
        // Whatever a flipped or cut byte does (corrupt, too large, or by luck still valid), it is reported.
        var compressed = CodecRoundTripTests.Compress(codec, CodecRoundTripTests.Text(40_000));
        var random = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            var mutated = compressed[..random.Next(1, compressed.Length + 1)];
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutated[random.Next(mutated.Length)] ^= (byte)random.Next(1, 256);
            }

            var (status, output) = CodecRoundTripTests.Decompress(codec, mutated, 200_000);
            Assert.True(Enum.IsDefined(status));
            Assert.True(output.Length <= 200_000);
        }
    }

    [Fact]
    public void Snappy_block_claiming_more_than_its_elements_can_produce_is_corrupt()
    {
        // Length 1 GiB (varint 80 80 80 80 04) followed by one literal byte.
        byte[] block = [0x80, 0x80, 0x80, 0x80, 0x04, 0x00, 0x41];
        Assert.Equal(DecompressionStatus.Corrupt, CodecRoundTripTests.Decompress(CompressionType.Snappy, block, int.MaxValue).Status);
    }

    [Fact]
    public void Snappy_block_announcing_more_than_the_maximum_is_refused_before_decoding()
    {
        // The first snappy-java block of 32 KiB, unwrapped to a raw block.
        var framed = CodecRoundTripTests.Compress(CompressionType.Snappy, CodecRoundTripTests.Text(100_000));
        var block = framed.AsSpan(20, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(framed.AsSpan(16)));
        var (status, output) = CodecRoundTripTests.Decompress(CompressionType.Snappy, block, 32 * 1024 - 1);
        Assert.Equal(DecompressionStatus.TooLarge, status);
        Assert.Empty(output);
        Assert.Equal(DecompressionStatus.Success, CodecRoundTripTests.Decompress(CompressionType.Snappy, block, 32 * 1024).Status);
    }

    [Theory]
    [InlineData(new byte[] { 0x05, 0x01, 0x02 }, "copy before the start of the output")]
    [InlineData(new byte[] { 0x05, 0x10, 0x41 }, "literal longer than the input")]
    [InlineData(new byte[] { 0x03, 0x00, 0x41 }, "fewer bytes than announced")]
    [InlineData(new byte[] { 0x01, 0x04, 0x41, 0x42 }, "more bytes than announced")]
    [InlineData(new byte[] { 0x05, 0x00, 0x41, 0x02, 0x00, 0x00 }, "copy with offset zero")]
    [InlineData(new byte[] { 0x02, 0x00, 0x41, 0x03, 0x01, 0x00, 0x00 }, "four-byte copy cut short")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "length varint too long")]
    public void Snappy_elements_out_of_bounds_are_corrupt(byte[] block, string why)
    {
        var status = CodecRoundTripTests.Decompress(CompressionType.Snappy, block, Max).Status;
        Assert.True(status == DecompressionStatus.Corrupt, why + ": " + status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Xerial_block_with_an_impossible_length_is_corrupt(int blockLength)
    {
        var framed = CodecRoundTripTests.Compress(CompressionType.Snappy, "abc"u8);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(16), blockLength);
        Assert.Equal(DecompressionStatus.Corrupt, CodecRoundTripTests.Decompress(CompressionType.Snappy, framed, Max).Status);
    }

    [Fact]
    public void Snappy_overlapping_copy_repeats_the_last_bytes()
    {
        // "ab" then a copy of 6 bytes from offset 2: "abababab".
        byte[] block = [0x08, 0x04, (byte)'a', (byte)'b', 0x09, 0x02];
        var (status, output) = CodecRoundTripTests.Decompress(CompressionType.Snappy, block, Max);
        Assert.Equal(DecompressionStatus.Success, status);
        Assert.Equal("abababab"u8.ToArray(), output);
    }
}
