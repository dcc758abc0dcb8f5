namespace Wharf.Protocol.Messages;

/// <summary>
/// Put by the generator on every message property: the versions the field exists in, the versions it may be
/// null in, and its tag when it travels in the tagged-field section. Tests and tools read it by reflection.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class KafkaFieldAttribute(string versions) : Attribute
{
    /// <summary>"N", "N+", "N-M" or "none", as in the .kmsg file.</summary>
    public string Versions { get; } = versions;

    public string Nullable { get; init; } = "none";

    /// <summary>The tag number, or -1 for a field in the fixed part of the message.</summary>
    public int Tag { get; init; } = -1;

    public bool ExistsIn(short version) => InRange(Versions, version);

    public bool IsNullableIn(short version) => InRange(Nullable, version);

    private static bool InRange(string range, short version)
    {
        if (range == "none")
        {
            return false;
        }

        if (range.EndsWith('+'))
        {
            return version >= short.Parse(range.AsSpan(0, range.Length - 1), System.Globalization.CultureInfo.InvariantCulture);
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            return version >= short.Parse(range.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture)
                && version <= short.Parse(range.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return version == short.Parse(range, System.Globalization.CultureInfo.InvariantCulture);
    }
}
