using System.Runtime.InteropServices;

namespace Wharf.Protocol.Compression;

/// <summary>The LZ4 frame API (lz4frame.h) of Debian's liblz4.so.1 (1.9.x).</summary>
internal static unsafe partial class Lz4Native
{
    /// <summary>LZ4F_VERSION: the API version contexts are created for.</summary>
    public const uint FrameVersion = 100;

    /// <summary>LZ4F_HEADER_SIZE_MAX: the largest frame header LZ4F_compressBegin writes.</summary>
    public const int HeaderSizeMax = 19;

    /// <summary>LZ4F_max64KB, the block size Kafka's Java client uses (KIP-57).</summary>
    public const int BlockSize64KB = 4;

    /// <summary>LZ4F_blockIndependent: Kafka's Java reader refuses linked blocks.</summary>
    public const int BlockIndependent = 1;

    private const string Library = "liblz4.so.1";

    private static readonly bool Loaded = NativeCodecLibrary.TryLoad(Library);

    public static void EnsureLoaded()
    {
        if (!Loaded)
        {
            throw NativeCodecLibrary.Missing(Library);
        }
    }

    /// <summary>Throws for an error code from a call that fails only through a bug or exhausted memory.</summary>
    public static nuint Check(nuint code, string function) =>
        LZ4F_isError(code) == 0
            ? code
            : throw new InvalidOperationException(function + " failed: " + NativeCodecLibrary.Describe(LZ4F_getErrorName(code)));

    [LibraryImport(Library)]
    public static partial uint LZ4F_isError(nuint code);

    [LibraryImport(Library)]
    public static partial byte* LZ4F_getErrorName(nuint code);

    [LibraryImport(Library)]
    public static partial nuint LZ4F_createDecompressionContext(nint* context, uint version);

    [LibraryImport(Library)]
    public static partial nuint LZ4F_freeDecompressionContext(nint context);

    [LibraryImport(Library)]
    public static partial nuint LZ4F_decompress(nint context, byte* destination, nuint* destinationSize, byte* source, nuint* sourceSize, void* options);

    [LibraryImport(Library)]
    public static partial nuint LZ4F_createCompressionContext(nint* context, uint version);

    [LibraryImport(Library)]
    public static partial nuint LZ4F_freeCompressionContext(nint context);

    [LibraryImport(Library)]
    public static partial nuint LZ4F_compressBound(nuint sourceSize, Preferences* preferences);

    [LibraryImport(Library)]
    public static partial nuint LZ4F_compressBegin(nint context, byte* destination, nuint capacity, Preferences* preferences);

    [LibraryImport(Library)]
    public static partial nuint LZ4F_compressUpdate(nint context, byte* destination, nuint capacity, byte* source, nuint sourceSize, void* options);

    [LibraryImport(Library)]
    public static partial nuint LZ4F_compressEnd(nint context, byte* destination, nuint capacity, void* options);

    /// <summary>LZ4F_preferences_t, with its LZ4F_frameInfo_t inlined (56 bytes on 64-bit Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Preferences
    {
        public int BlockSizeId;
        public int BlockMode;
        public int ContentChecksumFlag;
        public int FrameType;
        public ulong ContentSize;
        public uint DictionaryId;
        public int BlockChecksumFlag;
        public int CompressionLevel;
        public uint AutoFlush;
        public uint FavorDecompressionSpeed;
        public uint Reserved0;
        public uint Reserved1;
        public uint Reserved2;
    }
}
