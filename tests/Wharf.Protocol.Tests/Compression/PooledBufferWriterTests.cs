using Wharf.Protocol.Compression;

namespace Wharf.Protocol.Tests.Compression;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Growing_keeps_what_was_written()
    {
        using var writer = new PooledBufferWriter();
        var expected = new List<byte>();
        for (var i = 0; i < 5000; i++)
        {
            var span = writer.GetSpan(3);
            span[0] = (byte)i;
            span[1] = (byte)(i >> 8);
            span[2] = 7;
            writer.Advance(3);
            expected.AddRange([(byte)i, (byte)(i >> 8), 7]);
        }

        Assert.Equal(expected, writer.WrittenSpan.ToArray());
        Assert.Equal(15000, writer.WrittenCount);
    }

    [Fact]
    public void Reset_forgets_the_bytes_and_the_writer_stays_usable()
    {
        using var writer = new PooledBufferWriter(100);
        writer.GetSpan(10)[0] = 1;
        writer.Advance(10);
        writer.Reset();
        Assert.Equal(0, writer.WrittenCount);
        writer.GetSpan(1)[0] = 9;
        writer.Advance(1);
        Assert.Equal(new byte[] { 9 }, writer.WrittenMemory.ToArray());
    }

    [Fact]
    public void Advancing_past_the_span_is_a_bug()
    {
        using var writer = new PooledBufferWriter();
        var length = writer.GetSpan(16).Length;
        Assert.Throws<InvalidOperationException>(() => writer.Advance(length + 1));
    }
}
