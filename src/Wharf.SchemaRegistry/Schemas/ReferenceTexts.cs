using System.Diagnostics.CodeAnalysis;

namespace Wharf.SchemaRegistry.Schemas;

/// <summary>
/// The name → text map the JSON Schema and Protobuf parsers resolve references from. A referenced schema's own
/// references come along, so that an import of an import resolves (Confluent resolves references transitively).
/// </summary>
internal static class ReferenceTexts
{
    /// <summary>
    /// The map for <paramref name="references"/>; false with an error when one is of another type than
    /// <typeparamref name="TParsed"/> (a JSON schema cannot reference a .proto file).
    /// </summary>
    public static bool TryCollect<TParsed>(IReadOnlyList<ResolvedReference> references, string schemaType,
        out Dictionary<string, string> texts, [NotNullWhen(false)] out string? error)
        where TParsed : class, IParsedSchema, IReferencing
    {
        texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            if (reference.Schema is not TParsed parsed)
            {
                error = "Reference " + reference.Name + " is not a " + schemaType + " schema";
                return false;
            }

            foreach (var (name, text) in parsed.ReferenceTexts)
            {
                texts.TryAdd(name, text);
            }

            texts[reference.Name] = parsed.CanonicalText;
        }

        error = null;
        return true;
    }
}

/// <summary>A parsed schema that keeps the texts of its references (direct and transitive) by name.</summary>
internal interface IReferencing
{
    IReadOnlyDictionary<string, string> ReferenceTexts { get; }
}
