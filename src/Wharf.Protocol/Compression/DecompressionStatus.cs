namespace Wharf.Protocol.Compression;

/// <summary>The outcome of a decompression. Anything but <see cref="Success"/> leaves partial output behind,
/// which the caller discards.</summary>
public enum DecompressionStatus
{
    Success,

    /// <summary>The input is not a whole, well-formed stream of the codec (bad magic, truncated, corrupt data,
    /// trailing bytes).</summary>
    Corrupt,

    /// <summary>The output would exceed the caller's maximum: a decompression bomb, or a limit set too low.
    /// Decompression stopped at the maximum.</summary>
    TooLarge,
}
