using System.Globalization;
using System.Numerics;

namespace Wharf.Connect.Api.Data;

/// <summary>
/// The Decimal logical type (org.apache.kafka.connect.data.Decimal): BYTES holding the big-endian two's
/// complement unscaled value, with the scale in the "scale" parameter. C# value: <see cref="decimal"/>, which
/// limits precision to 28-29 digits.
/// </summary>
public static class ConnectDecimal
{
    public const string LogicalName = "org.apache.kafka.connect.data.Decimal";
    public const string ScaleField = "scale";

    public static SchemaBuilder Builder(int scale) =>
        SchemaBuilder.Bytes().Name(LogicalName).Parameter(ScaleField, scale.ToString(CultureInfo.InvariantCulture)).Version(1);

    public static Schema Schema(int scale) => Builder(scale).Build();

    public static byte[] FromLogical(Schema schema, decimal value)
    {
        var scale = Scale(schema);
        var scaled = decimal.Round(value, scale, MidpointRounding.ToEven);
        if (scaled != value)
        {
            throw new DataException("Decimal value has mismatching scale for given Decimal schema");
        }

        var unscaled = new BigInteger(scaled * Pow10(scale));
        return unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);
    }

    public static decimal ToLogical(Schema schema, byte[] value)
    {
        var unscaled = new BigInteger(value, isUnsigned: false, isBigEndian: true);
        return (decimal)unscaled / Pow10(Scale(schema));
    }

    public static int Scale(Schema schema) =>
        schema.Parameters is { } p && p.TryGetValue(ScaleField, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var scale)
            ? scale
            : throw new DataException("Invalid Decimal schema: scale parameter not found.");

    private static decimal Pow10(int scale)
    {
        var result = 1m;
        for (var i = 0; i < scale; i++)
        {
            result *= 10;
        }

        return result;
    }
}

/// <summary>The Date logical type: INT32 days since the Unix epoch. C# value: a UTC <see cref="DateTime"/> at midnight.</summary>
public static class ConnectDate
{
    public const string LogicalName = "org.apache.kafka.connect.data.Date";

    public static SchemaBuilder Builder() => SchemaBuilder.Int32().Name(LogicalName).Version(1);

    public static Schema Schema() => Builder().Build();

    public static int FromLogical(Schema schema, DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        if (utc.TimeOfDay != TimeSpan.Zero)
        {
            throw new DataException("Kafka Connect Date type should not have any time fields set to non-zero values.");
        }

        return (int)(utc - DateTime.UnixEpoch).TotalDays;
    }

    public static DateTime ToLogical(Schema schema, int value) => DateTime.UnixEpoch.AddDays(value);
}

/// <summary>The Time logical type: INT32 milliseconds since midnight. C# value: a UTC <see cref="DateTime"/> on 1970-01-01.</summary>
public static class ConnectTime
{
    public const string LogicalName = "org.apache.kafka.connect.data.Time";

    public static SchemaBuilder Builder() => SchemaBuilder.Int32().Name(LogicalName).Version(1);

    public static Schema Schema() => Builder().Build();

    public static int FromLogical(Schema schema, DateTime value)
    {
        var ms = (long)(value - DateTime.UnixEpoch).TotalMilliseconds;
        if (ms is < 0 or > 86_400_000)
        {
            throw new DataException("Kafka Connect Time type should not have any date fields set to non-zero values.");
        }

        return (int)ms;
    }

    public static DateTime ToLogical(Schema schema, int value)
    {
        if (value is < 0 or > 86_400_000)
        {
            throw new DataException("Time values must use number of milliseconds greater than 0 and less than 86400000");
        }

        return DateTime.UnixEpoch.AddMilliseconds(value);
    }
}

/// <summary>The Timestamp logical type: INT64 milliseconds since the Unix epoch. C# value: a UTC <see cref="DateTime"/>.</summary>
public static class ConnectTimestamp
{
    public const string LogicalName = "org.apache.kafka.connect.data.Timestamp";

    public static SchemaBuilder Builder() => SchemaBuilder.Int64().Name(LogicalName).Version(1);

    public static Schema Schema() => Builder().Build();

    public static long FromLogical(Schema schema, DateTime value) =>
        (long)((value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value) - DateTime.UnixEpoch).TotalMilliseconds;

    public static DateTime ToLogical(Schema schema, long value) => DateTime.UnixEpoch.AddMilliseconds(value);
}
