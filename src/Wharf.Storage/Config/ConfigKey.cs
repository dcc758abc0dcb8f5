using System.Globalization;

namespace Wharf.Storage.Config;

/// <summary>A broker property that sets a topic config's default, with the factor that converts it (hours to ms).</summary>
internal sealed record BrokerSynonym(string Name, long Multiplier = 1);

/// <summary>One topic config Kafka defines: its name, type, built-in default, broker synonyms (most specific first) and check.</summary>
internal sealed record ConfigKey(string Name, ConfigType Type, string Default, IReadOnlyList<BrokerSynonym> Synonyms, Func<string, string?> Validate);

/// <summary>Value checks in Kafka's ConfigDef vocabulary; each returns null when valid or the reason it is not.</summary>
internal static class ConfigValidators
{
    public static Func<string, string?> Long(long min, long max = long.MaxValue) => value =>
        !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? "Not a number of type LONG"
        : parsed < min ? $"Value must be at least {min}"
        : parsed > max ? $"Value must be no more than {max}"
        : null;

    public static Func<string, string?> Int(int min, int max = int.MaxValue) => value =>
        !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? "Not a number of type INT"
        : parsed < min ? $"Value must be at least {min}"
        : parsed > max ? $"Value must be no more than {max}"
        : null;

    public static Func<string, string?> Double(double min, double max) => value =>
        !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed) ? "Not a number of type DOUBLE"
        : parsed < min || parsed > max ? $"Value must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}"
        : null;

    public static Func<string, string?> IsBoolean { get; } = value =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase)
            ? null
            : "Expected value to be either true or false";

    public static Func<string, string?> OneOf(params string[] allowed) => value =>
        allowed.Contains(value, StringComparer.Ordinal) ? null : $"String must be one of: {string.Join(", ", allowed)}";

    /// <summary>A non-empty comma-separated list whose every item is one of <paramref name="allowed"/>.</summary>
    public static Func<string, string?> ListOf(params string[] allowed) => value =>
    {
        var items = value.Split(',', StringSplitOptions.TrimEntries);
        return items.Length == 0 || items.Any(item => !allowed.Contains(item, StringComparer.Ordinal))
            ? $"Each item must be one of: {string.Join(", ", allowed)}"
            : null;
    };

    /// <summary>
    /// Kafka's ThrottledReplicaListValidator: empty, "*", or "partition:broker" pairs. Accepted for compatibility;
    /// a single node replicates nothing, so these never throttle anything.
    /// </summary>
    public static Func<string, string?> ThrottledReplicas { get; } = value =>
        value.Length == 0 || value == "*" || value.Split(',', StringSplitOptions.TrimEntries).All(IsPartitionBrokerPair)
            ? null
            : "Must be the literal '*' or a list of replicas in the format [PartitionId]:[BrokerId],[PartitionId]:[BrokerId],...";

    /// <summary>A switch for a feature this broker does not have: only "false" is accepted.</summary>
    public static Func<string, string?> FalseOnly(string reason) => value =>
        IsBoolean(value) ?? (value.Equals("false", StringComparison.OrdinalIgnoreCase) ? null : reason);

    private static bool IsPartitionBrokerPair(string item)
    {
        var colon = item.IndexOf(':', StringComparison.Ordinal);
        return colon > 0
            && int.TryParse(item.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && int.TryParse(item.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
