using System;
using System.Globalization;

namespace Wharf.Protocol.Generator;

/// <summary>An inclusive range of message versions, written "3", "3+", "3-7" or "none" in a .kmsg file.</summary>
internal readonly struct VersionRange : IEquatable<VersionRange>
{
    public const short Unbounded = short.MaxValue;

    public VersionRange(short lowest, short highest)
    {
        Lowest = lowest;
        Highest = highest;
    }

    public short Lowest { get; }

    public short Highest { get; }

    public static VersionRange None => new(1, 0);

    public bool IsEmpty => Lowest > Highest;

    public static bool TryParse(string text, out VersionRange range)
    {
        range = None;
        if (text == "none")
        {
            return true;
        }

        if (text.EndsWith("+", StringComparison.Ordinal))
        {
            if (!TryParseVersion(text.Substring(0, text.Length - 1), out var low))
            {
                return false;
            }

            range = new VersionRange(low, Unbounded);
            return true;
        }

        var dash = text.IndexOf('-');
        if (dash > 0)
        {
            if (!TryParseVersion(text.Substring(0, dash), out var low) || !TryParseVersion(text.Substring(dash + 1), out var high) || high < low)
            {
                return false;
            }

            range = new VersionRange(low, high);
            return true;
        }

        if (!TryParseVersion(text, out var single))
        {
            return false;
        }

        range = new VersionRange(single, single);
        return true;
    }

    public static bool LooksLikeRange(string text) => text.Length > 0 && (char.IsDigit(text[0]) || text == "none");

    public VersionRange Intersect(VersionRange other) =>
        new(Math.Max(Lowest, other.Lowest), Math.Min(Highest, other.Highest));

    public bool Contains(VersionRange other) => other.IsEmpty || (other.Lowest >= Lowest && other.Highest <= Highest);

    /// <summary>A C# condition on a variable named <c>version</c>, simplified against the message's own range.</summary>
    public string Condition(VersionRange messageRange)
    {
        if (IsEmpty)
        {
            return "false";
        }

        var needLow = Lowest > messageRange.Lowest;
        var needHigh = Highest < messageRange.Highest;
        if (needLow && needHigh)
        {
            return Lowest == Highest
                ? "version == " + Lowest.ToString(CultureInfo.InvariantCulture)
                : "version >= " + Lowest.ToString(CultureInfo.InvariantCulture) + " && version <= " + Highest.ToString(CultureInfo.InvariantCulture);
        }

        if (needLow)
        {
            return "version >= " + Lowest.ToString(CultureInfo.InvariantCulture);
        }

        if (needHigh)
        {
            return "version <= " + Highest.ToString(CultureInfo.InvariantCulture);
        }

        return "true";
    }

    public bool Equals(VersionRange other) => Lowest == other.Lowest && Highest == other.Highest;

    public override bool Equals(object? obj) => obj is VersionRange other && Equals(other);

    public override int GetHashCode() => (Lowest * 397) ^ Highest;

    public override string ToString() =>
        IsEmpty ? "none" : Highest == Unbounded ? Lowest + "+" : Lowest == Highest ? Lowest.ToString(CultureInfo.InvariantCulture) : Lowest + "-" + Highest;

    private static bool TryParseVersion(string text, out short version) =>
        short.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
