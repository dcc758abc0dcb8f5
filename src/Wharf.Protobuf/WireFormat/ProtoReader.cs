using System.Buffers.Binary;

namespace Wharf.Protobuf.WireFormat;

/// <summary>A forward-only reader of protobuf binary over a span; every read reports a cut or malformed input.</summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly bool AtEnd => Position >= _data.Length;

    public bool TryReadTag(out int number, out WireType wireType)
    {
        number = 0;
        wireType = default;
        if (!TryReadVarint(out var tag) || tag > uint.MaxValue)
        {
            return false;
        }
        number = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        return number > 0;
    }

    public bool TryReadVarint(out ulong value)
    {
        var read = Varint.TryRead(_data[Position..], out value);
        Position += read;
        return read > 0;
    }

    public bool TryReadFixed32(out uint value)
    {
        value = 0;
        if (_data.Length - Position < 4)
        {
            return false;
        }
        value = BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(Position, 4));
        Position += 4;
        return true;
    }

    public bool TryReadFixed64(out ulong value)
    {
        value = 0;
        if (_data.Length - Position < 8)
        {
            return false;
        }
        value = BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(Position, 8));
        Position += 8;
        return true;
    }

    /// <summary>Reads a length prefix and returns the offset and length of the bytes it covers, checked against the input.</summary>
    public bool TryReadLengthDelimited(out int offset, out int length)
    {
        offset = 0;
        length = 0;
        if (!TryReadVarint(out var raw) || raw > (ulong)(_data.Length - Position))
        {
            return false;
        }
        offset = Position;
        length = (int)raw;
        Position += length;
        return true;
    }
}
