using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Registry;

/// <summary>
/// The body of register, lookup and compatibility requests (RegisterSchemaRequest): the schema text, its type
/// (AVRO when absent), references, and in IMPORT mode an explicit version and id. Data-contract fields (metadata,
/// ruleSet, schema tags) are accepted and ignored.
/// </summary>
public sealed record RegisterRequest(string? Schema, string? SchemaType, IReadOnlyList<SchemaReference> References, int? Version, int? Id);

/// <summary>A version path parameter: a number in [1, 2^31-1], or latest (also written -1).</summary>
public readonly record struct VersionSpec(int Number)
{
    public static readonly VersionSpec Latest = new(-1);

    public bool IsLatest => Number == -1;

    /// <summary>Confluent's VersionId: "latest" (case-insensitive, trimmed) or -1, else an integer of at least 1.</summary>
    public static bool TryParse(string text, out VersionSpec version)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            version = Latest;
            return true;
        }

        if (int.TryParse(trimmed, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number) && (number >= 1 || number == -1))
        {
            version = new VersionSpec(number);
            return true;
        }

        version = default;
        return false;
    }

    /// <summary>The version this spec names among <paramref name="versions"/> (ascending): the last one for latest.</summary>
    public StoredSchema? Find(IReadOnlyList<StoredSchema> versions)
    {
        var number = Number;
        return IsLatest ? (versions.Count > 0 ? versions[^1] : null) : versions.FirstOrDefault(v => v.Version == number);
    }
}
