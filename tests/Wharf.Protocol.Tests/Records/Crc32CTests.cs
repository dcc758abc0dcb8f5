using System.Text;
using Wharf.Protocol.Records;

namespace Wharf.Protocol.Tests.Records;

public sealed class Crc32CTests
{
    [Fact]
    public void Check_value_of_the_digits_is_e3069283() =>
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));

    /// <summary>RFC 3720 (iSCSI) appendix B.4; the RFC lists the CRC's bytes as sent, least significant first.</summary>
    [Theory]
    [InlineData("zeros", 0x8A9136AAu)]
    [InlineData("ones", 0x62A8AB43u)]
    [InlineData("ascending", 0x46DD794Eu)]
    [InlineData("descending", 0x113FDB5Cu)]
    public void Rfc_3720_vectors_match(string pattern, uint expected)
    {
        var data = pattern switch
        {
            "zeros" => new byte[32],
            "ones" => Enumerable.Repeat((byte)0xFF, 32).ToArray(),
            "ascending" => Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
            _ => Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(),
        };
        Assert.Equal(expected, Crc32C.Compute(data));
    }

    [Fact]
    public void Appending_in_pieces_gives_the_same_crc_as_one_pass()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31)).ToArray();
        for (var split = 0; split <= 17; split++)
        {
            var running = Crc32C.Append(~0u, data.AsSpan(0, split));
            Assert.Equal(Crc32C.Compute(data), ~Crc32C.Append(running, data.AsSpan(split)));
        }
    }

    /// <summary>Lengths around the three-lane rounds (12 KiB) and the 8-byte steps, against a bit-at-a-time reference.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(12 * 1024 - 1)]
    [InlineData(12 * 1024)]
    [InlineData(12 * 1024 + 1)]
    [InlineData(24 * 1024 + 13)]
    [InlineData(1024 * 1024 + 5)]
    public void Long_inputs_match_a_bitwise_reference(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(BitwiseReference(data), Crc32C.Compute(data));
    }

    [Fact]
    public void Appending_long_inputs_in_pieces_gives_the_same_crc_as_one_pass()
    {
        var data = new byte[100_000];
        new Random(7).NextBytes(data);
        foreach (var split in (int[])[1, 4095, 12 * 1024, 12 * 1024 + 3, 50_001, 99_999])
        {
            var running = Crc32C.Append(~0u, data.AsSpan(0, split));
            Assert.Equal(BitwiseReference(data), ~Crc32C.Append(running, data.AsSpan(split)));
        }
    }

    /// <summary>CRC-32C one bit at a time (reflected polynomial 0x82F63B78), independent of the implementation under test.</summary>
    private static uint BitwiseReference(byte[] data)
    {
        var crc = ~0u;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return ~crc;
    }
}
