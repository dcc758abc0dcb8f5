using System.Text.Json;

namespace Wharf.JsonSchema.Json;

/// <summary>Value equality of JSON documents (numbers by value, objects regardless of member order).</summary>
internal static class JsonValues
{
    public static bool DeepEquals(JsonElement a, JsonElement b) => JsonElement.DeepEquals(a, b);

    public static bool NullableEquals(JsonElement? a, JsonElement? b) =>
        a is null ? b is null : b is not null && DeepEquals(a.Value, b.Value);

    public static bool Contains(IEnumerable<JsonElement> values, JsonElement value) =>
        values.Any(candidate => DeepEquals(candidate, value));

    public static bool ContainsAll(IReadOnlyList<JsonElement> values, IReadOnlyList<JsonElement> required) =>
        required.All(value => Contains(values, value));
}
