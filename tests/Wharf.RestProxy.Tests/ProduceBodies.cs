using System.Text.Json;

namespace Wharf.RestProxy.Tests;

/// <summary>Produce request bodies of the schema formats: schema fields (text or id) and the records array.</summary>
public static class ProduceBodies
{
    public static string Of((string Name, object Value) first, string records) => Of(first, null, records);

    public static string Of((string Name, object Value) first, (string Name, object Value)? second, string records)
    {
        var fields = new List<string> { Field(first) };
        if (second is { } other)
        {
            fields.Add(Field(other));
        }

        return "{" + string.Join(",", fields) + ",\"records\":" + records + "}";
    }

    private static string Field((string Name, object Value) field) => JsonSerializer.Serialize(field.Name) + ":" + JsonSerializer.Serialize(field.Value);
}
