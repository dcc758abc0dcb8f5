using System.Collections.Concurrent;
using System.Reflection;
using Wharf.Protobuf.Model;
using Wharf.Protobuf.Parsing;

namespace Wharf.Protobuf.WellKnown;

/// <summary>
/// The google/protobuf and confluent .proto files an import may name without a schema reference, as Confluent's
/// provider ships them. The texts are Wharf's own statements of those types, embedded in this assembly.
/// </summary>
internal static class WellKnownFiles
{
    private static readonly Assembly Assembly = typeof(WellKnownFiles).Assembly;

    // Parsed once per process: every schema importing them (and every schema, for descriptor.proto) shares the
    // trees, which nothing modifies after parsing.
    private static readonly ConcurrentDictionary<string, ProtoFile?> Parsed = new(StringComparer.Ordinal);

    /// <summary>The parsed well-known file at <paramref name="path"/>, or null when there is none.</summary>
    public static ProtoFile? Parse(string path) =>
        Parsed.GetOrAdd(path, static p => Find(p) is { } text && ProtoParser.TryParse(text, out var file, out _) ? file : null);

    private static string? Find(string path)
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
