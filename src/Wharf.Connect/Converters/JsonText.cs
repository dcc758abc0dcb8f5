using System.Globalization;
using System.Text.Json;
using Wharf.Connect.Api;
using Wharf.Connect.Api.Data;

namespace Wharf.Connect.Converters;

/// <summary>
/// Writes numbers as Jackson does, so that output matches the original byte for byte (1.0, not 1); reads the
/// logical types as JsonConverter and JsonSchemaConverter both encode them.
/// </summary>
internal static class JsonText
{
    /// <summary>
    /// A Decimal (a JSON number, or base64 of the unscaled bytes), Date, Time or Timestamp value; false when
    /// <paramref name="schema"/> is not one of these logical types.
    /// </summary>
    public static bool TryReadLogical(Schema schema, JsonElement json, out object? value)
    {
        switch (schema.Name)
        {
            case ConnectDecimal.LogicalName:
                value = json.ValueKind == JsonValueKind.Number ? json.GetDecimal() : ConnectDecimal.ToLogical(schema, json.GetBytesFromBase64());
                return true;
            case ConnectDate.LogicalName:
                value = ConnectDate.ToLogical(schema, json.GetInt32());
                return true;
            case ConnectTime.LogicalName:
                value = ConnectTime.ToLogical(schema, json.GetInt32());
                return true;
            case ConnectTimestamp.LogicalName:
                value = ConnectTimestamp.ToLogical(schema, json.GetInt64());
                return true;
            default:
                value = null;
                return false;
        }
    }

    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
            return;
        }

        writer.WriteRawValue(JavaNumber(value.ToString("R", CultureInfo.InvariantCulture)));
    }

    public static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsNaN(value) || float.IsInfinity(value))
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
            return;
        }

        writer.WriteRawValue(JavaNumber(value.ToString("R", CultureInfo.InvariantCulture)));
    }

    /// <summary>Java prints a double with a fraction or an exponent ("1.0", "1.0E10"); .NET prints "1", "1E+10".</summary>
    private static string JavaNumber(string text)
    {
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? text : text[..e];
        if (!mantissa.Contains('.', StringComparison.Ordinal))
        {
            mantissa += ".0";
        }

        return e < 0 ? mantissa : mantissa + "E" + text[(e + 1)..].TrimStart('+');
    }
}
