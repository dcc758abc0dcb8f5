namespace Wharf.SchemaRegistry.Schemas;

/// <summary>
/// Fills the two <c>%s</c> of Confluent's JSON Schema and Protobuf compatibility messages (reader label, then writer
/// label), as Confluent's String.format does with "new"/"old" or "old"/"new".
/// </summary>
internal static class ConfluentMessages
{
    private const string Placeholder = "%s";

    public static IReadOnlyList<string> Fill(IReadOnlyList<string> messages, string readerLabel, string writerLabel) =>
        messages.Select(message => Fill(message, readerLabel, writerLabel)).ToList();

    private static string Fill(string message, string readerLabel, string writerLabel)
    {
        var first = message.IndexOf(Placeholder, StringComparison.Ordinal);
        if (first < 0)
        {
            return message;
        }

        var filled = string.Concat(message.AsSpan(0, first), readerLabel, message.AsSpan(first + Placeholder.Length));
        var second = filled.IndexOf(Placeholder, first + readerLabel.Length, StringComparison.Ordinal);
        return second < 0 ? filled : string.Concat(filled.AsSpan(0, second), writerLabel, filled.AsSpan(second + Placeholder.Length));
    }
}
