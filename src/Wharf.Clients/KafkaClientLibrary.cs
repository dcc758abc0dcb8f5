using System.Reflection;
using System.Runtime.InteropServices;

namespace Wharf.Clients;

/// <summary>
/// Binds Confluent.Kafka to Debian's librdkafka. The managed package normally brings its own native library
/// (librdkafka.redist), which this project cannot use; instead its imports are resolved here: "librdkafka" to
/// librdkafka.so.1 from the librdkafka1 package, and "libdl" to libdl.so.2 (Debian ships no unversioned
/// libdl.so). Call <see cref="EnsureLoaded"/> before the first Confluent.Kafka call; it is idempotent.
/// </summary>
public static class KafkaClientLibrary
{
    public const string NativeLibraryName = "librdkafka.so.1";
    public const string InstallHint = "apt-get install librdkafka1";

    private static readonly Lazy<string?> Problem = new(Bind, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Installs the import resolver once; throws with an install hint when librdkafka is missing.</summary>
    public static void EnsureLoaded()
    {
        if (Problem.Value is { } problem)
        {
            throw new DllNotFoundException(problem);
        }
    }

    /// <summary>True when librdkafka loads; otherwise <paramref name="problem"/> says what to install.</summary>
    public static bool TryEnsureLoaded(out string? problem)
    {
        problem = Problem.Value;
        return problem is null;
    }

    /// <summary>The librdkafka version actually loaded, e.g. "2.0.2".</summary>
    public static string NativeVersion
    {
        get
        {
            EnsureLoaded();
            return Confluent.Kafka.Library.VersionString;
        }
    }

    private static string? Bind()
    {
        if (!NativeLibrary.TryLoad(NativeLibraryName, out _))
        {
            return "librdkafka (" + NativeLibraryName + ") is not installed; run: " + InstallHint;
        }

        NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);
        return null;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var mapped = name switch
        {
            "librdkafka" => NativeLibraryName,
            "libdl" => "libdl.so.2",
            _ => null,
        };
        return mapped is not null && NativeLibrary.TryLoad(mapped, out var handle) ? handle : IntPtr.Zero;
    }
}
