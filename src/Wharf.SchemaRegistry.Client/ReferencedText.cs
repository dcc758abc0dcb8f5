namespace Wharf.SchemaRegistry.Client;

/// <summary>A referenced schema's text under the name its referrer uses for it.</summary>
public sealed record ReferencedText(string Name, string Text);

public static class ReferencedTexts
{
    /// <summary>The name → text map the JSON Schema and Protobuf parsers resolve <c>$ref</c>s and imports from.</summary>
    public static IReadOnlyDictionary<string, string> ByName(IReadOnlyList<ReferencedText> references)
    {
        var texts = new Dictionary<string, string>(references.Count, StringComparer.Ordinal);
        foreach (var reference in references)
        {
            texts[reference.Name] = reference.Text;
        }

        return texts;
    }
}
