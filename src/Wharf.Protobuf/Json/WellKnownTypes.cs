using System.Globalization;
using System.Text;

namespace Wharf.Protobuf.Json;

/// <summary>Names and text forms of the well-known types the proto3 JSON mapping writes specially.</summary>
internal static class WellKnownTypes
{
    public const string Timestamp = "google.protobuf.Timestamp";
    public const string Duration = "google.protobuf.Duration";
    public const string Struct = "google.protobuf.Struct";
    public const string Value = "google.protobuf.Value";
    public const string ListValue = "google.protobuf.ListValue";
    public const string NullValue = "google.protobuf.NullValue";
    public const string Empty = "google.protobuf.Empty";
    public const string FieldMask = "google.protobuf.FieldMask";
    public const string Any = "google.protobuf.Any";

    /// <summary>Timestamps must lie in years 1 to 9999 (0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z).</summary>
    public const long MinTimestampSeconds = -62_135_596_800;
    public const long MaxTimestampSeconds = 253_402_300_799;

    /// <summary>Durations are limited to about ±10,000 years.</summary>
    public const long MaxDurationSeconds = 315_576_000_000;

    public static bool IsWrapper(string fullName) => fullName is "google.protobuf.DoubleValue" or "google.protobuf.FloatValue"
        or "google.protobuf.Int64Value" or "google.protobuf.UInt64Value" or "google.protobuf.Int32Value"
        or "google.protobuf.UInt32Value" or "google.protobuf.BoolValue" or "google.protobuf.StringValue"
        or "google.protobuf.BytesValue";

    /// <summary>RFC 3339 in UTC with 0, 3, 6 or 9 fraction digits, as the reference implementations print it.</summary>
    public static string FormatTimestamp(long seconds, int nanos)
    {
        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        return time.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture) + Fraction(nanos) + "Z";
    }

    public static bool TryParseTimestamp(string text, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        if (text.Length < 20)
        {
            return false;
        }
        // The fraction is read separately: DateTimeOffset keeps only 7 digits and protobuf allows 9.
        var fractionStart = text.IndexOf('.', StringComparison.Ordinal);
        var zoneStart = text.IndexOfAny(['Z', 'z', '+'], 19);
        if (zoneStart < 0)
        {
            zoneStart = text.LastIndexOf('-');
            if (zoneStart < 19)
            {
                return false;
            }
        }
        var withoutFraction = fractionStart > 0 && fractionStart < zoneStart ? text[..fractionStart] + text[zoneStart..] : text;
        if (!DateTimeOffset.TryParseExact(withoutFraction, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss'Z'"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return false;
        }
        if (fractionStart > 0 && fractionStart < zoneStart && !TryParseFraction(text[(fractionStart + 1)..zoneStart], out nanos))
        {
            return false;
        }
        seconds = time.ToUnixTimeSeconds();
        return seconds is >= MinTimestampSeconds and <= MaxTimestampSeconds;
    }

    /// <summary>"1.5s", "-0.000001s": seconds with an optional 3, 6 or 9 digit fraction, the sign shared.</summary>
    public static string FormatDuration(long seconds, int nanos)
    {
        var negative = seconds < 0 || nanos < 0;
        return (negative ? "-" : "") + Math.Abs(seconds).ToString(CultureInfo.InvariantCulture) + Fraction(Math.Abs(nanos)) + "s";
    }

    public static bool TryParseDuration(string text, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        if (!text.EndsWith('s') || text.Length < 2)
        {
            return false;
        }
        var body = text[..^1];
        var negative = body.StartsWith('-');
        if (negative)
        {
            body = body[1..];
        }
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? body : body[..dot];
        if (whole.Length == 0 || !long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out seconds)
            || (dot >= 0 && !TryParseFraction(body[(dot + 1)..], out nanos)) || seconds > MaxDurationSeconds)
        {
            return false;
        }
        if (negative)
        {
            seconds = -seconds;
            nanos = -nanos;
        }
        return true;
    }

    private static bool TryParseFraction(string digits, out int nanos)
    {
        nanos = 0;
        if (digits.Length is 0 or > 9 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        nanos = int.Parse(digits.PadRight(9, '0'), CultureInfo.InvariantCulture);
        return true;
    }

    private static string Fraction(int nanos)
    {
        if (nanos == 0)
        {
            return "";
        }
        if (nanos % 1_000_000 == 0)
        {
            return "." + (nanos / 1_000_000).ToString("D3", CultureInfo.InvariantCulture);
        }
        if (nanos % 1_000 == 0)
        {
            return "." + (nanos / 1_000).ToString("D6", CultureInfo.InvariantCulture);
        }
        return "." + nanos.ToString("D9", CultureInfo.InvariantCulture);
    }

    /// <summary>FieldMask paths are snake_case in the message and lowerCamelCase in JSON.</summary>
    public static string SnakeCase(string camel)
    {
        var builder = new StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                builder.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
