using Wharf.SchemaRegistry.Schemas;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Registry;

/// <summary>
/// Which earlier versions a schema is compared with, in which direction, and the messages the original builds
/// (CompatibilityChecker, SchemaValidatorBuilder, KafkaSchemaRegistry.isCompatibleWithPrevious): BACKWARD has the
/// new schema read the old, FORWARD the old read the new, FULL both; non-transitive levels compare with the
/// latest version only, transitive ones with each, newest first, stopping at the first failure.
/// </summary>
internal static class SchemaCompatibility
{
    private const int MaxSchemaSizeForLogging = 10 * 1024;

    /// <summary>The messages why <paramref name="candidate"/> is incompatible with <paramref name="previous"/> (ascending), empty when it is compatible.</summary>
    public static IReadOnlyList<string> Check(CompatibilityLevel level, IParsedSchema candidate, IReadOnlyList<(StoredSchema Stored, IParsedSchema Parsed)> previous)
    {
        if (level == CompatibilityLevel.None || previous.Count == 0)
        {
            return [];
        }

        var compared = level.IsTransitive() ? previous.Reverse() : [previous[^1]];
        foreach (var (stored, parsed) in compared)
        {
            var messages = candidate.SchemaType != parsed.SchemaType
                ? ["Incompatible because of different schema type"]
                : Compare(level, candidate, stored, parsed);
            if (messages.Count > 0)
            {
                messages.Add($"{{validateFields: 'false', compatibility: '{level.Name()}'}}");
                return messages;
            }
        }

        return [];
    }

    private static List<string> Compare(CompatibilityLevel level, IParsedSchema candidate, StoredSchema stored, IParsedSchema old) => level switch
    {
        CompatibilityLevel.Backward or CompatibilityLevel.BackwardTransitive => Describe(candidate.ReadErrors(old, "new", "old"), stored, true),
        CompatibilityLevel.Forward or CompatibilityLevel.ForwardTransitive => Describe(old.ReadErrors(candidate, "old", "new"), stored, true),
        _ => [.. Describe(old.ReadErrors(candidate, "old", "new"), stored, false), .. Describe(candidate.ReadErrors(old, "new", "old"), stored, true)],
    };

    private static List<string> Describe(IReadOnlyList<string> errors, StoredSchema stored, bool appendSchema)
    {
        var messages = new List<string>(errors);
        if (messages.Count > 0 && appendSchema)
        {
            messages.Add("{oldSchemaVersion: " + stored.Version + "}");
            messages.Add(stored.Schema.Length <= MaxSchemaSizeForLogging
                ? "{oldSchema: '" + stored.Schema + "'}"
                : "{oldSchema: <truncated> '" + stored.Schema[..MaxSchemaSizeForLogging] + "...'}");
        }

        return messages;
    }
}
