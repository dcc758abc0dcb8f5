using System.Text;

namespace Wharf.Protocol.Records;

/// <summary>
/// One record header (KIP-82): a UTF-8 key, never null, and a value that may be null. When read from a batch,
/// both are slices of the batch's (decompressed) buffer and valid as long as the record is.
/// </summary>
public readonly struct RecordHeader
{
    /// <param name="key">The key's UTF-8 bytes.</param>
    /// <param name="value">The value, possibly null.</param>
    public RecordHeader(ReadOnlyMemory<byte> key, NullableBytes value)
    {
        Key = key;
        Value = value.Memory;
        HasValue = value.HasValue;
    }

    /// <summary>Encodes <paramref name="key"/> as UTF-8 (allocates; for tests and the broker's own records).</summary>
    public RecordHeader(string key, NullableBytes value)
        : this(Encoding.UTF8.GetBytes(key), value)
    {
    }

    /// <summary>The key's UTF-8 bytes.</summary>
    public ReadOnlyMemory<byte> Key { get; }

    /// <summary>The value's bytes; empty when the value is null (see <see cref="HasValue"/>).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>False for a null value.</summary>
    public bool HasValue { get; }

    internal int EncodedSize => RecordEncoding.SizeOfField(Key.Length) + RecordEncoding.SizeOfField(HasValue ? Value.Length : -1);

    internal int WriteTo(Span<byte> destination)
    {
        var written = RecordEncoding.WriteField(destination, Key);
        return written + RecordEncoding.WriteField(destination[written..], HasValue ? Value : NullableBytes.Null);
    }
}

/// <summary>
/// The headers of a record read from a batch, enumerable without allocation (<c>foreach</c> over a struct
/// enumerator). The reader validated them when it read the record, so enumeration cannot fail.
/// </summary>
public readonly struct RecordHeaders
{
    internal RecordHeaders(ReadOnlyMemory<byte> encoded, int count)
    {
        Encoded = encoded;
        Count = count;
    }

    public int Count { get; }

    /// <summary>The headers as encoded after their count, for copying them unchanged into another batch.</summary>
    internal ReadOnlyMemory<byte> Encoded { get; }

    public Enumerator GetEnumerator() => new(Encoded, Count);

    public struct Enumerator
    {
        private readonly ReadOnlyMemory<byte> _encoded;
        private int _remaining;
        private int _position;

        internal Enumerator(ReadOnlyMemory<byte> encoded, int count)
        {
            _encoded = encoded;
            _remaining = count;
            _position = 0;
            Current = default;
        }

        public RecordHeader Current { get; private set; }

        public bool MoveNext()
        {
            if (_remaining == 0)
            {
                return false;
            }

            var span = _encoded.Span;
            RecordEncoding.TryReadField(span, ref _position, out var keyStart, out var keyLength);
            RecordEncoding.TryReadField(span, ref _position, out var valueStart, out var valueLength);
            Current = new RecordHeader(
                _encoded.Slice(keyStart, keyLength),
                valueLength < 0 ? NullableBytes.Null : _encoded.Slice(valueStart, valueLength));
            _remaining--;
            return true;
        }
    }
}
