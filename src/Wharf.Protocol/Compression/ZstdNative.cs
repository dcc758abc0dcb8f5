using System.Runtime.InteropServices;

namespace Wharf.Protocol.Compression;

/// <summary>The zstd streaming API (zstd.h) of Debian's libzstd.so.1 (1.5.x).</summary>
internal static unsafe partial class ZstdNative
{
    /// <summary>ZSTD_CONTENTSIZE_UNKNOWN: the frame header does not say (streaming producers such as zstd-jni).</summary>
    public const ulong ContentSizeUnknown = ulong.MaxValue;

    /// <summary>ZSTD_CONTENTSIZE_ERROR: not a zstd frame header.</summary>
    public const ulong ContentSizeError = ulong.MaxValue - 1;

    /// <summary>ZSTD_c_compressionLevel.</summary>
    public const int CompressionLevelParameter = 100;

    /// <summary>ZSTD_e_end: compress all remaining input and close the frame.</summary>
    public const int EndDirective = 2;

    private const string Library = "libzstd.so.1";

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
        ZSTD_isError(code) == 0
            ? code
            : throw new InvalidOperationException(function + " failed: " + NativeCodecLibrary.Describe(ZSTD_getErrorName(code)));

    [LibraryImport(Library)]
    public static partial uint ZSTD_isError(nuint code);

    [LibraryImport(Library)]
    public static partial byte* ZSTD_getErrorName(nuint code);

    [LibraryImport(Library)]
    public static partial ulong ZSTD_getFrameContentSize(byte* source, nuint sourceSize);

    [LibraryImport(Library)]
    public static partial nint ZSTD_createDCtx();

    [LibraryImport(Library)]
    public static partial nuint ZSTD_freeDCtx(nint context);

    [LibraryImport(Library)]
    public static partial nuint ZSTD_decompressStream(nint context, Buffer* output, Buffer* input);

    [LibraryImport(Library)]
    public static partial nint ZSTD_createCCtx();

    [LibraryImport(Library)]
    public static partial nuint ZSTD_freeCCtx(nint context);

    [LibraryImport(Library)]
    public static partial nuint ZSTD_CCtx_setParameter(nint context, int parameter, int value);

    [LibraryImport(Library)]
    public static partial nuint ZSTD_CCtx_setPledgedSrcSize(nint context, ulong sourceSize);

    [LibraryImport(Library)]
    public static partial nuint ZSTD_compressStream2(nint context, Buffer* output, Buffer* input, int endDirective);

    [LibraryImport(Library)]
    public static partial nuint ZSTD_compressBound(nuint sourceSize);

    /// <summary>ZSTD_inBuffer and ZSTD_outBuffer, which share one layout: data, size, position.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Buffer
    {
        public void* Data;
        public nuint Size;
        public nuint Position;
    }
}
