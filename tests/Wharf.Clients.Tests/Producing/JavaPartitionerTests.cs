using System.Text;
using Wharf.Clients.Producing;

namespace Wharf.Clients.Tests.Producing;

public sealed class JavaPartitionerTests
{
    /// <summary>The vectors of Apache Kafka's own murmur2 test (UtilsTest.testMurmur2).</summary>
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_the_Java_clients_hash(string key, int expected) =>
        Assert.Equal(expected, JavaPartitioner.Murmur2(Encoding.ASCII.GetBytes(key)));

    [Fact]
    public void A_negative_hash_still_gives_a_partition_in_range()
    {
        var key = Encoding.ASCII.GetBytes("foobar"); // hashes negative
        Assert.Equal((-790332482 & 0x7fffffff) % 7, JavaPartitioner.PartitionOf(key, 7));
    }
}
