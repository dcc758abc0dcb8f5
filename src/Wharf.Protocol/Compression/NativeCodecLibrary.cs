using System.Runtime.InteropServices;

namespace Wharf.Protocol.Compression;

/// <summary>
/// Loading of the native codec libraries. lz4 and zstd come from Debian (liblz4-1, libzstd1), which Wharf always
/// has because librdkafka1, a requirement, depends on both; a missing library is an installation fault, reported
/// with what to install.
/// </summary>
internal static class NativeCodecLibrary
{
    public static bool TryLoad(string libraryName) =>
        NativeLibrary.TryLoad(libraryName, typeof(NativeCodecLibrary).Assembly, searchPath: null, out _);

    public static DllNotFoundException Missing(string libraryName) =>
        new(libraryName + " could not be loaded: install librdkafka1, which brings liblz4-1 and libzstd1 (apt-get install librdkafka1).");

    public static unsafe string Describe(byte* errorName) => Marshal.PtrToStringUTF8((nint)errorName) ?? "unknown error";
}
