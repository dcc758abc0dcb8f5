using System.Diagnostics.CodeAnalysis;
using Wharf.Protobuf.Canonical;
using Wharf.Protobuf.Compatibility;
using Wharf.Protobuf.Model;
using Wharf.Protobuf.Parsing;
using Wharf.Protobuf.Schema;

namespace Wharf.Protobuf;

/// <summary>
/// A parsed and linked .proto schema (Confluent's <c>ProtobufSchema</c>): its canonical and normalized texts,
/// compatibility with another version, and the descriptors of its messages for the codec. Immutable.
/// </summary>
public sealed class ProtobufSchema
{
    /// <summary>Schema texts longer than this are refused before lexing.</summary>
    public const int MaxSchemaLength = 16 * 1024 * 1024;

    private readonly LinkedTypes _types;
    private readonly IReadOnlyDictionary<string, string> _references;
    private readonly List<MessageDescriptor> _topLevel;

    private ProtobufSchema(ProtoFile file, LinkedTypes types, IReadOnlyDictionary<string, string> references)
    {
        File = file;
        _types = types;
        _references = references;
        _topLevel = file.Types.OfType<MessageElement>().Select(m => types.Messages[Qualify(file.Package, m.Name)]).ToList();
        CanonicalString = ProtoPrinter.Print(file, types, normalize: false);
    }

    /// <summary>The syntax tree as parsed.</summary>
    public ProtoFile File { get; }

    /// <summary>Confluent's canonical text (what the registry stores and returns).</summary>
    public string CanonicalString { get; }

    /// <summary>
    /// Parses and links <paramref name="text"/>; imports resolve from <paramref name="references"/> (import path →
    /// .proto text) and then from the bundled well-known files (google/protobuf/*.proto, confluent/meta.proto,
    /// confluent/type/decimal.proto). On failure <paramref name="error"/> is "line:column: reason" (prefixed by the
    /// file name when the problem is in an imported file).
    /// </summary>
    public static bool TryParse(
        string text,
        IReadOnlyDictionary<string, string>? references,
        [NotNullWhen(true)] out ProtobufSchema? schema,
        [NotNullWhen(false)] out string? error)
    {
        schema = null;
        references ??= new Dictionary<string, string>();
        if (text.Length > MaxSchemaLength)
        {
            error = "schema longer than " + MaxSchemaLength + " characters";
            return false;
        }
        if (!ProtoParser.TryParse(text, out var file, out error) || !Linker.TryLink(file, references, out var types, out error))
        {
            return false;
        }
        schema = new ProtobufSchema(file, types, references);
        return true;
    }

    /// <summary>
    /// Confluent's normalize: type references fully qualified, fields, enum values, oneofs and reserved ranges in
    /// number order, imports sorted, proto2's syntax line dropped; the normalized text is the new canonical text.
    /// </summary>
    public ProtobufSchema Normalize()
    {
        var text = ProtoPrinter.Print(File, _types, normalize: true);
        if (!TryParse(text, _references, out var normalized, out var error))
        {
            throw new InvalidOperationException("The normalized text of a valid schema failed to parse: " + error);
        }
        return normalized;
    }

    /// <summary>Every difference from <paramref name="previous"/> (original) to this schema (update), in Confluent's terms.</summary>
    public IReadOnlyList<ProtobufDifference> Differences(ProtobufSchema previous) =>
        ProtobufSchemaDiff.Compare(
            new ProtobufDiffContext(previous._types, previous.File.Package ?? "", _types, File.Package ?? ""),
            previous.File, File);

    /// <summary>
    /// Confluent's <c>isBackwardCompatible(previous)</c>: empty when compatible, else one verbose message per
    /// incompatible difference with two <c>%s</c> for the caller (reader, writer). FORWARD is
    /// <c>previous.IsBackwardCompatible(this)</c>; FULL is both. Protobuf has no LENIENT policy in Confluent.
    /// </summary>
    public IReadOnlyList<string> IsBackwardCompatible(ProtobufSchema previous) =>
        Differences(previous).Where(d => !d.IsCompatible).Select(d => d.ToString()).ToList();

    /// <summary>The message a serializer's message indexes name (<c>[0]</c> is the first top-level message).</summary>
    public bool TryGetMessage(ReadOnlySpan<int> indexes, [NotNullWhen(true)] out MessageDescriptor? message)
    {
        message = null;
        var level = File.Types;
        var scope = File.Package ?? "";
        foreach (var index in indexes)
        {
            var messages = level.OfType<MessageElement>().ToList();
            if (index < 0 || index >= messages.Count)
            {
                return false;
            }
            scope = Qualify(scope, messages[index].Name);
            level = messages[index].NestedTypes;
        }
        return indexes.Length > 0 && _types.Messages.TryGetValue(scope, out message);
    }

    /// <summary>The message indexes of a message declared in this file, by full name (no leading dot).</summary>
    public bool TryGetIndexes(string fullName, [NotNullWhen(true)] out int[]? indexes)
    {
        indexes = null;
        var package = File.Package ?? "";
        if (package.Length > 0)
        {
            if (!fullName.StartsWith(package + ".", StringComparison.Ordinal))
            {
                return false;
            }
            fullName = fullName[(package.Length + 1)..];
        }
        var path = new List<int>();
        var level = File.Types;
        foreach (var name in fullName.Split('.'))
        {
            var messages = level.OfType<MessageElement>().ToList();
            var index = messages.FindIndex(m => m.Name == name);
            if (index < 0)
            {
                return false;
            }
            path.Add(index);
            level = messages[index].NestedTypes;
        }
        indexes = [.. path];
        return true;
    }

    /// <summary>Any message visible to this schema (declared here or imported), by full name without a leading dot.</summary>
    public MessageDescriptor? FindMessage(string fullName) => _types.Messages.GetValueOrDefault(fullName.TrimStart('.'));

    /// <summary>The first top-level message: what a serializer uses when none is named. Null for a file without messages.</summary>
    public MessageDescriptor? FirstMessage => _topLevel.Count > 0 ? _topLevel[0] : null;

    public override string ToString() => CanonicalString;

    private static string Qualify(string? scope, string name) => string.IsNullOrEmpty(scope) ? name : scope + "." + name;
}
