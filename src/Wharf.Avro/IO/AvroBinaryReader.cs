using System.Buffers.Binary;
using System.Text;

namespace Wharf.Avro.IO;

/// <summary>
/// Reads the Avro binary encoding (spec, "Binary Encoding") from one contiguous buffer. Every length and count is
/// checked against the bytes left before anything is allocated; bad input throws <see cref="AvroDataException"/>.
/// </summary>
internal ref struct AvroBinaryReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public AvroBinaryReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public bool ReadBoolean()
    {
        var b = ReadByte();
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new AvroDataException($"invalid boolean byte 0x{b:X2} (expected 0 or 1)"),
        };
    }

    public int ReadInt()
    {
        var value = ReadLong();
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new AvroDataException($"int out of range: {value}");
        }
        return (int)value;
    }

    /// <summary>A zig-zag varint of at most 10 bytes.</summary>
    public long ReadLong()
    {
        ulong raw = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _data.Length)
            {
                throw Truncated("a varint");
            }
            var b = _data[_position++];
            if (shift == 63 && b > 1)
            {
                throw new AvroDataException("invalid varint: more than 64 bits");
            }
            raw |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
            shift += 7;
            if (shift > 63)
            {
                throw new AvroDataException("invalid varint: longer than 10 bytes");
            }
        }
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(ReadSpan(4, "a float"));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(ReadSpan(8, "a double"));

    /// <summary>A long length, then that many bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadLong();
        if (length < 0)
        {
            throw new AvroDataException($"negative length {length}");
        }
        if (length > Remaining)
        {
            throw new AvroDataException($"length {length} exceeds the {Remaining} bytes left");
        }
        return ReadSpan((int)length, "bytes");
    }

    /// <summary>A string's UTF-8 bytes (not checked: see <see cref="DecodeUtf8"/>).</summary>
    public ReadOnlySpan<byte> ReadUtf8() => ReadBytes();

    public string ReadString() => DecodeUtf8(ReadBytes());

    public ReadOnlySpan<byte> ReadFixed(int size) => ReadSpan(size, $"a fixed of {size} bytes");

    /// <summary>
    /// The next block count of an array or map: 0 ends it; a negative count is followed by the block's byte size,
    /// which is read and checked, and returned as a positive count.
    /// </summary>
    public long ReadBlockCount(bool itemsTakeBytes, long itemsSoFar, AvroLimits limits)
    {
        var count = ReadLong();
        if (count < 0)
        {
            if (count == long.MinValue)
            {
                throw new AvroDataException("invalid block count");
            }
            count = -count;
            var size = ReadLong();
            if (size < 0 || size > Remaining)
            {
                throw new AvroDataException($"block size {size} is negative or exceeds the {Remaining} bytes left");
            }
        }
        if (itemsTakeBytes && count > Remaining)
        {
            throw new AvroDataException($"block count {count} exceeds the {Remaining} bytes left");
        }
        if (count > limits.MaxCollectionItems - itemsSoFar)
        {
            throw new AvroDataException($"more than {limits.MaxCollectionItems} items");
        }
        return count;
    }

    public void Skip(int length) => ReadSpan(length, "data");

    public readonly void EnsureEnd()
    {
        if (_position != _data.Length)
        {
            throw new AvroDataException($"{_data.Length - _position} bytes left after the datum");
        }
    }

    /// <summary>UTF-8 to a string; invalid sequences become U+FFFD, as Avro-Java's <c>new String(bytes, UTF_8)</c> does.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    private byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Truncated("a byte");
        }
        return _data[_position++];
    }

    private ReadOnlySpan<byte> ReadSpan(int length, string what)
    {
        if (length > _data.Length - _position)
        {
            throw Truncated(what);
        }
        var span = _data.Slice(_position, length);
        _position += length;
        return span;
    }

    private readonly AvroDataException Truncated(string what) =>
        new($"truncated data: {what} needs more than the {_data.Length - _position} bytes left");
}
