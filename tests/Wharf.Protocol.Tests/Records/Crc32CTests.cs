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
}
