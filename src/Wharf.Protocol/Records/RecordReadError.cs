namespace Wharf.Protocol.Records;

/// <summary>Why a batch's records could not be read. Every value but <see cref="None"/> is Kafka's
/// CORRUPT_MESSAGE (or INVALID_RECORD) on the wire.</summary>
public enum RecordReadError
{
    None,

    /// <summary>Fewer bytes than the 61-byte header, or than the batch length announces.</summary>
    Truncated,

    /// <summary>The batch length is smaller than a header.</summary>
    InvalidLength,

    /// <summary>Not magic 2.</summary>
    UnsupportedMagic,

    /// <summary>Compression bits 5 to 7, which name no codec.</summary>
    UnknownCompression,

    /// <summary>The compressed records do not decompress (truncated, corrupt, wrong format).</summary>
    CorruptCompression,

    /// <summary>The records decompress to more than the reader's maximum.</summary>
    DecompressedTooLarge,

    /// <summary>A malformed varint, a negative length other than -1 (null), a length running past its record or
    /// the batch, or a record length that disagrees with the fields inside it.</summary>
    MalformedRecord,

    /// <summary>A negative record count, fewer records than the count, or bytes left after the last counted record.</summary>
    RecordCountMismatch,
}
