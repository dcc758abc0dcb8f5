using System.Buffers;
using Wharf.Protobuf.WireFormat;

namespace Wharf.Protobuf.Tests;

public sealed class MessageIndexesTests
{
    [Theory]
    [InlineData(new[] { 0 }, new byte[] { 0x00 })]
    [InlineData(new[] { 1 }, new byte[] { 0x02, 0x02 })]
    [InlineData(new[] { 0, 2 }, new byte[] { 0x04, 0x00, 0x04 })]
    [InlineData(new[] { 70 }, new byte[] { 0x02, 0x8C, 0x01 })]
    public void Indexes_are_written_as_zig_zag_varints_with_the_first_message_as_one_zero_byte(int[] indexes, byte[] expected)
    {
        var writer = new ArrayBufferWriter<byte>();
        MessageIndexes.Write(writer, indexes);

        Assert.Equal(expected, writer.WrittenSpan.ToArray());
        Assert.True(MessageIndexes.TryRead([.. expected, 0xFF], out var read, out var length));
        Assert.Equal(indexes, read);
        Assert.Equal(expected.Length, length);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x04, 0x00 })]
    [InlineData(new byte[] { 0x01 })]
    [InlineData(new byte[] { 0xCA, 0x01 })]
    [InlineData(new byte[] { 0x02, 0x01 })]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })]
    public void Cut_negative_or_oversized_indexes_are_refused(byte[] bytes)
    {
        Assert.False(MessageIndexes.TryRead(bytes, out _, out _));
    }

    [Fact]
    public void Indexes_name_nested_messages_in_declaration_order_and_back()
    {
        var schema = Schemas.Parse("""
            syntax = "proto3";
            package p;
            enum E { Z = 0; }
            message A { message A1 {} }
            message B { enum F { Y = 0; } message B1 {} message B2 {} }
            """);

        Assert.True(schema.TryGetMessage([1, 1], out var message));
        Assert.Equal("p.B.B2", message.FullName);
        Assert.True(schema.TryGetIndexes("p.B.B2", out var indexes));
        Assert.Equal([1, 1], indexes);
        Assert.False(schema.TryGetMessage([2], out _));
        Assert.Equal("p.A", schema.FirstMessage!.FullName);
    }
}
