using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Wharf.Storage.Cleaner;

/// <summary>A record key reduced to 128 bits of its SHA-256; collisions are as unlikely as Kafka's MD5 (SkimpyOffsetMap).</summary>
internal readonly record struct KeyHash(ulong High, ulong Low)
{
    public static KeyHash Of(ReadOnlySpan<byte> key)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(key, digest);
        return new KeyHash(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));
    }
}

/// <summary>
/// Key to latest offset over the dirty part of a log (Kafka's cleaner offset map). Bounded: at
/// <see cref="MaxEntries"/> keys a pass stops at the end of the segment it is mapping and cleans up to there,
/// as Kafka does when its dedupe buffer (log.cleaner.dedupe.buffer.size) fills. About 40 bytes a key.
/// </summary>
internal sealed class OffsetMap
{
    /// <summary>The most distinct keys one pass maps, about 40 MB, within the broker's memory budget.</summary>
    public const int MaxEntries = 1_000_000;

    private readonly Dictionary<KeyHash, long> _latest = [];

    public bool IsFull => _latest.Count >= MaxEntries;

    public void Put(ReadOnlySpan<byte> key, long offset) => _latest[KeyHash.Of(key)] = offset;

    /// <summary>False when a later record in the mapped range has the same key: this one is superseded.</summary>
    public bool IsLatest(ReadOnlySpan<byte> key, long offset) =>
        !_latest.TryGetValue(KeyHash.Of(key), out var latest) || offset >= latest;
}
