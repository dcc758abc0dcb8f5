using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Wharf.JsonSchema.Compatibility;
using Wharf.JsonSchema.Json;
using Wharf.JsonSchema.Model;
using Wharf.JsonSchema.Parsing;
using Wharf.JsonSchema.Validation;

namespace Wharf.JsonSchema;

/// <summary>
/// A parsed JSON Schema document (Confluent's <c>JsonSchema</c>): its canonical text, its normalized form, its
/// compatibility with another version, and validation of JSON values. Immutable and thread-safe.
/// </summary>
public sealed class JsonSchema
{
    /// <summary>Documents larger than this are refused before parsing (the registry's request limit is lower).</summary>
    public const int MaxSchemaLength = 16 * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = SchemaLoader.MaxDepth + 8 };

    private readonly SchemaNode _root;
    private readonly IReadOnlyDictionary<string, string> _references;

    private JsonSchema(JsonElement document, SchemaNode root, IReadOnlyDictionary<string, string> references, string canonical)
    {
        Document = document;
        _root = root;
        _references = references;
        CanonicalString = canonical;
    }

    /// <summary>The schema document as parsed.</summary>
    public JsonElement Document { get; }

    /// <summary>Confluent's canonical text: the document re-serialized compactly, member order kept.</summary>
    public string CanonicalString { get; }

    /// <summary>
    /// Parses <paramref name="text"/>; <paramref name="references"/> maps each schema reference's name to its
    /// text, and a <c>$ref</c> naming one (optionally with a <c>#/pointer</c>) resolves into it.
    /// On failure <paramref name="error"/> says what and where (<c>#/properties/a/type: unknown type: [strin]</c>).
    /// </summary>
    public static bool TryParse(
        string text,
        IReadOnlyDictionary<string, string>? references,
        [NotNullWhen(true)] out JsonSchema? schema,
        [NotNullWhen(false)] out string? error)
    {
        schema = null;
        references ??= new Dictionary<string, string>();
        if (text.Length > MaxSchemaLength)
        {
            error = "Invalid JSON schema: longer than " + MaxSchemaLength + " characters";
            return false;
        }
        JsonElement document;
        try
        {
            using var parsed = JsonDocument.Parse(text, DocumentOptions);
            document = parsed.RootElement.Clone();
        }
        catch (JsonException e)
        {
            error = "Invalid JSON: " + e.Message;
            return false;
        }
        if (!SchemaLoader.TryLoad(document, references, out var root, out var loadError))
        {
            error = "Invalid JSON schema: " + loadError;
            return false;
        }
        schema = new JsonSchema(document, root, references, CompactJson.Write(document, sortKeys: false));
        error = null;
        return true;
    }

    /// <summary>
    /// Confluent's normalize: the same schema with object members sorted by key at every level (so documents that
    /// differ only in member order get one canonical text, hence one id).
    /// </summary>
    public JsonSchema Normalize()
    {
        var sorted = CompactJson.Write(Document, sortKeys: true);
        if (!TryParse(sorted, _references, out var normalized, out var error))
        {
            throw new InvalidOperationException("A schema that parsed once failed to parse sorted: " + error);
        }
        return normalized;
    }

    /// <summary>
    /// Every difference from <paramref name="previous"/> (the original) to this schema (the update), compatible or
    /// not, in Confluent's order.
    /// </summary>
    public IReadOnlyList<SchemaDifference> Differences(JsonSchema previous, CompatibilityPolicy policy = CompatibilityPolicy.Strict) =>
        SchemaDiff.Compare(new DiffContext(CompatibleChanges.For(policy)), previous._root, _root);

    /// <summary>
    /// Confluent's <c>isBackwardCompatible(policy, previous)</c>: can this schema read everything
    /// <paramref name="previous"/> wrote? Empty when compatible; otherwise one verbose message per incompatible
    /// difference, each with two <c>%s</c> for the caller to fill (reader then writer: "new", "old" for BACKWARD).
    /// FORWARD is <c>previous.IsBackwardCompatible(this)</c>; FULL is both.
    /// </summary>
    public IReadOnlyList<string> IsBackwardCompatible(JsonSchema previous, CompatibilityPolicy policy = CompatibilityPolicy.Strict)
    {
        var compatible = CompatibleChanges.For(policy);
        return Differences(previous, policy)
            .Where(difference => !compatible.Contains(difference.Type))
            .Select(difference => difference.ToString())
            .ToList();
    }

    /// <summary>Checks a JSON value against this schema; on mismatch <paramref name="error"/> names where and why.</summary>
    public bool TryValidate(JsonElement value, [NotNullWhen(false)] out string? error)
    {
        error = JsonValidator.Validate(_root, value);
        return error is null;
    }

    public override string ToString() => CanonicalString;
}
