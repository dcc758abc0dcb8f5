using System.Reflection;

namespace Wharf.Protobuf.WellKnown;

/// <summary>
/// The google/protobuf and confluent .proto files an import may name without a schema reference, as Confluent's
/// provider ships them. The texts are Wharf's own statements of those types, embedded in this assembly.
/// </summary>
internal static class WellKnownFiles
{
    private static readonly Assembly Assembly = typeof(WellKnownFiles).Assembly;

    public static string? Find(string path)
    {
        using var stream = Assembly.GetManifestResourceStream(path);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
