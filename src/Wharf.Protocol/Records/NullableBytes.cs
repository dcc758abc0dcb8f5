namespace Wharf.Protocol.Records;

/// <summary>
/// Bytes that may be null, as a record's key and value and a header's value may be (length -1 on the wire).
/// Converts implicitly from <c>byte[]</c>, where null stays null, and from <see cref="ReadOnlyMemory{T}"/>, which
/// is never null. (<c>ReadOnlyMemory&lt;byte&gt;?</c> would turn a null <c>byte[]</c> into empty, non-null bytes.)
/// </summary>
public readonly struct NullableBytes
{
    private NullableBytes(ReadOnlyMemory<byte> memory)
    {
        Memory = memory;
        HasValue = true;
    }

    public static NullableBytes Null => default;

    /// <summary>False for null.</summary>
    public bool HasValue { get; }

    /// <summary>The bytes; empty when null.</summary>
    public ReadOnlyMemory<byte> Memory { get; }

    /// <summary>The length as written on the wire: -1 for null.</summary>
    internal int EncodedLength => HasValue ? Memory.Length : -1;

    public static implicit operator NullableBytes(byte[]? bytes) => FromArray(bytes);

    public static implicit operator NullableBytes(ReadOnlyMemory<byte> bytes) => FromMemory(bytes);

    public static NullableBytes FromArray(byte[]? bytes) => bytes is null ? default : new NullableBytes(bytes);

    public static NullableBytes FromMemory(ReadOnlyMemory<byte> bytes) => new(bytes);
}
