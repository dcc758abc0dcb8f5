using System.Globalization;
using System.Text.Json;

namespace Wharf.Avro.Tests.Support;

/// <summary>
/// Compares two JSON renderings of the same Avro value, guided by the schema: numbers by value at the precision of
/// their Avro type (a float written "0.1" by Avro-Java's rules and "0.10000000149011612" by Python are the same
/// float), NaN and infinities as the strings both sides write, unions by branch.
/// </summary>
internal static class JsonAssert
{
    public static void Equivalent(AvroSchema schema, JsonElement expected, JsonElement actual, AvroJsonForm form)
    {
        var problem = Compare(schema, expected, actual, form, "$");
        Assert.True(problem is null, $"{problem}\nexpected: {Clip(expected.GetRawText())}\nactual:   {Clip(actual.GetRawText())}");
    }

    public static void Equivalent(AvroSchema schema, JsonElement expected, string actual, AvroJsonForm form)
    {
        using var document = JsonDocument.Parse(actual);
        Equivalent(schema, expected, document.RootElement, form);
    }

    private static string Clip(string text) => text.Length <= 400 ? text : text[..400] + "...";

    private static string? Compare(AvroSchema schema, JsonElement expected, JsonElement actual, AvroJsonForm form, string path)
    {
        switch (schema)
        {
            case { Type: AvroType.Null }:
                return expected.ValueKind == JsonValueKind.Null && actual.ValueKind == JsonValueKind.Null ? null : $"{path}: null expected";
            case { Type: AvroType.Boolean }:
                return expected.ValueKind == actual.ValueKind && expected.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"{path}: booleans differ";
            case { Type: AvroType.Int or AvroType.Long }:
                return expected.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number
                    && expected.GetDecimal() == actual.GetDecimal() ? null : $"{path}: integers differ";
            case { Type: AvroType.Float }:
                return Floating(expected) is { } ef && Floating(actual) is { } af && SameBits((float)ef, (float)af)
                    ? null : $"{path}: floats differ";
            case { Type: AvroType.Double }:
                return Floating(expected) is { } ed && Floating(actual) is { } ad && SameBits(ed, ad)
                    ? null : $"{path}: doubles differ";
            case { Type: AvroType.String or AvroType.Bytes or AvroType.Fixed or AvroType.Enum }:
                return expected.ValueKind == JsonValueKind.String && actual.ValueKind == JsonValueKind.String
                    && expected.GetString() == actual.GetString() ? null : $"{path}: strings differ";
            case AvroArraySchema array:
                if (expected.ValueKind != JsonValueKind.Array || actual.ValueKind != JsonValueKind.Array || expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: arrays differ in kind or length";
                }
                return expected.EnumerateArray().Zip(actual.EnumerateArray())
                    .Select((p, i) => Compare(array.Items, p.First, p.Second, form, $"{path}[{i}]")).FirstOrDefault(p => p is not null);
            case AvroMapSchema map:
                return Properties(expected, actual, path, (e, a, p) => Compare(map.Values, e, a, form, p));
            case AvroRecordSchema record:
                if (expected.ValueKind != JsonValueKind.Object || actual.ValueKind != JsonValueKind.Object
                    || expected.EnumerateObject().Count() != record.Fields.Count || actual.EnumerateObject().Count() != record.Fields.Count)
                {
                    return $"{path}: records differ in kind or field count";
                }
                foreach (var field in record.Fields)
                {
                    if (!expected.TryGetProperty(field.Name, out var e) || !actual.TryGetProperty(field.Name, out var a))
                    {
                        return $"{path}.{field.Name}: missing";
                    }
                    if (Compare(field.Schema, e, a, form, $"{path}.{field.Name}") is { } problem)
                    {
                        return problem;
                    }
                }
                return null;
            default:
                var union = (AvroUnionSchema)schema;
                if (form == AvroJsonForm.Plain)
                {
                    return union.Branches.Any(b => Compare(b, expected, actual, form, path) is null) ? null : $"{path}: no union branch matches both";
                }
                if (expected.ValueKind == JsonValueKind.Null || actual.ValueKind == JsonValueKind.Null)
                {
                    return expected.ValueKind == actual.ValueKind ? null : $"{path}: null versus a branch";
                }
                var expectedBranch = expected.EnumerateObject().Single();
                var actualBranch = actual.EnumerateObject().Single();
                if (expectedBranch.Name != actualBranch.Name)
                {
                    return $"{path}: branch {expectedBranch.Name} expected, {actualBranch.Name} found";
                }
                var index = union.IndexOf(expectedBranch.Name);
                return index < 0 ? $"{path}: unknown branch {expectedBranch.Name}"
                    : Compare(union.Branches[index], expectedBranch.Value, actualBranch.Value, form, $"{path}<{expectedBranch.Name}>");
        }
    }

    private static string? Properties(JsonElement expected, JsonElement actual, string path, Func<JsonElement, JsonElement, string, string?> compare)
    {
        if (expected.ValueKind != JsonValueKind.Object || actual.ValueKind != JsonValueKind.Object)
        {
            return $"{path}: objects expected";
        }
        var e = expected.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var a = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        if (!e.Keys.Order(StringComparer.Ordinal).SequenceEqual(a.Keys.Order(StringComparer.Ordinal)))
        {
            return $"{path}: keys differ";
        }
        return e.Select(p => compare(p.Value, a[p.Key], $"{path}[\"{p.Key}\"]")).FirstOrDefault(p => p is not null);
    }

    /// <summary>Equal values with equal signs (0.0 is not -0.0); any NaN equals any NaN.</summary>
    private static bool SameBits(float a, float b) => float.IsNaN(a) ? float.IsNaN(b) : BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    private static bool SameBits(double a, double b) => double.IsNaN(a) ? double.IsNaN(b) : BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static double? Floating(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => double.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => null,
        },
        _ => null,
    };
}
