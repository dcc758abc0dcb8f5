namespace Wharf.SchemaRegistry.Schemas;

/// <summary>
/// For schema types whose parsers take references as name → text (JSON Schema $refs, Protobuf imports): the texts
/// of the references and of everything they reference in turn, and Confluent's "%s" message labels filled.
/// </summary>
internal static class TextReferences
{
    public static Dictionary<string, string> Flatten(IReadOnlyList<ResolvedReference> references)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            if (reference.Schema is IReferencingSchema referencing)
            {
                foreach (var (name, text) in referencing.ReferenceTexts)
                {
                    texts.TryAdd(name, text);
                }
            }

            texts[reference.Name] = reference.Schema.CanonicalText;
        }

        return texts;
    }

    /// <summary>Confluent's messages carry two %s, the reader's and the writer's labels, in that order.</summary>
    public static IReadOnlyList<string> Label(IEnumerable<string> messages, string readerLabel, string writerLabel) =>
        [.. messages.Select(m => Fill(m, readerLabel, writerLabel))];

    private static string Fill(string message, string first, string second)
    {
        var at = message.IndexOf("%s", StringComparison.Ordinal);
        if (at < 0)
        {
            return message;
        }

        message = message[..at] + first + message[(at + 2)..];
        at = message.IndexOf("%s", at + first.Length, StringComparison.Ordinal);
        return at < 0 ? message : message[..at] + second + message[(at + 2)..];
    }
}

/// <summary>A parsed schema that was parsed with reference texts, which schemas referencing it need too.</summary>
internal interface IReferencingSchema
{
    IReadOnlyDictionary<string, string> ReferenceTexts { get; }
}
