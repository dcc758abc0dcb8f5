using System.Buffers;
using Wharf.Broker.Network;

namespace Wharf.Broker.Tests.Network;

public sealed class FrameAssemblerTests
{
    [Fact]
    public void A_frame_arriving_a_few_bytes_at_a_time_is_delivered_whole()
    {
        var expected = Bytes(1000, seed: 1);
        var frame = new FrameAssembler();
        frame.Begin(expected.Length);
        var complete = false;
        for (var offset = 0; offset < expected.Length; offset += 7)
        {
            Assert.False(complete);
            var piece = new ReadOnlySequence<byte>(expected.AsMemory(offset, Math.Min(7, expected.Length - offset)));
            complete = frame.Append(ref piece);
            Assert.True(piece.IsEmpty);
        }

        Assert.True(complete);
        AssertFrame(expected, frame);
    }

    [Fact]
    public void A_frame_larger_than_the_initial_buffer_keeps_every_byte_as_the_buffer_grows()
    {
        var expected = Bytes(FrameAssembler.InitialCapacity * 3 + 12345, seed: 2);
        var frame = new FrameAssembler();
        frame.Begin(expected.Length);
        var complete = false;
        for (var offset = 0; offset < expected.Length; offset += 64 * 1024)
        {
            var piece = new ReadOnlySequence<byte>(expected.AsMemory(offset, Math.Min(64 * 1024, expected.Length - offset)));
            complete = frame.Append(ref piece);
        }

        Assert.True(complete);
        AssertFrame(expected, frame);
    }

    [Fact]
    public void Bytes_after_a_whole_frame_are_left_for_the_next_frame()
    {
        var input = Bytes(150, seed: 3);
        var frame = new FrameAssembler();
        frame.Begin(100);
        var sequence = new ReadOnlySequence<byte>(input);

        Assert.True(frame.Append(ref sequence));

        Assert.Equal(50, sequence.Length);
        Assert.Equal(input[100..], sequence.ToArray());
        AssertFrame(input[..100], frame);
        Assert.False(frame.InProgress);
    }

    private static void AssertFrame(byte[] expected, FrameAssembler frame)
    {
        var buffer = frame.Take();
        try
        {
            Assert.Equal(expected, buffer.AsSpan(0, expected.Length).ToArray());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
