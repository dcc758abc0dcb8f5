using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Wharf.Protobuf.WireFormat;

/// <summary>Writes protobuf binary primitives straight into an <see cref="IBufferWriter{T}"/>.</summary>
internal static class ProtoWriter
{
    public static void Tag(IBufferWriter<byte> writer, int number, WireType wireType) =>
        Varint64(writer, ((ulong)(uint)number << 3) | (uint)wireType);

    public static void Varint64(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(Varint.MaxLength);
        writer.Advance(Varint.Write(span, value));
    }

    public static void Fixed32(IBufferWriter<byte> writer, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(writer.GetSpan(4), value);
        writer.Advance(4);
    }

    public static void Fixed64(IBufferWriter<byte> writer, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    /// <summary>A length-prefixed UTF-8 string, encoded straight into the writer.</summary>
    public static void String(IBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Varint64(writer, (ulong)length);
        var span = writer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        writer.Advance(length);
    }

    public static void LengthDelimited(IBufferWriter<byte> writer, ReadOnlySpan<byte> bytes)
    {
        Varint64(writer, (ulong)bytes.Length);
        writer.Write(bytes);
    }
}
