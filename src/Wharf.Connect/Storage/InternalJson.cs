using System.Text;
using Wharf.Connect.Api.Records;
using Wharf.Connect.Converters;

namespace Wharf.Connect.Storage;

/// <summary>
/// The JSON of the internal topics and the offsets file: Apache's JsonConverter with schemas disabled, so that
/// keys and values are byte for byte those of the original (<c>["connector",{"filename":"a.txt"}]</c>).
/// </summary>
internal static class InternalJson
{
    private static readonly JsonConverter Converter = Create();

    public static byte[]? Serialize(object? value) => Converter.FromConnectData(string.Empty, new ConnectHeaders(), null, value);

    public static object? Deserialize(byte[]? bytes) => Converter.ToConnectData(string.Empty, new ConnectHeaders(), bytes).Value;

    public static string Text(object? value) => Serialize(value) is { } bytes ? Encoding.UTF8.GetString(bytes) : "null";

    /// <summary>A JSON object read back as a string-keyed map, or null when it is not one.</summary>
    public static Dictionary<string, object?>? AsMap(object? value) =>
        value is IDictionary<object, object?> map && map.Keys.All(k => k is string) ? map.ToDictionary(kv => (string)kv.Key, kv => kv.Value, StringComparer.Ordinal) : null;

    /// <summary>A map of strings to strings (a connector or task configuration) as JSON.</summary>
    public static Dictionary<object, object?> ToObject(IReadOnlyDictionary<string, string> config) =>
        config.ToDictionary(kv => (object)kv.Key, kv => (object?)kv.Value);

    public static Dictionary<object, object?> ToObject(IReadOnlyDictionary<string, object?> map) =>
        map.ToDictionary(kv => (object)kv.Key, kv => kv.Value);

    private static JsonConverter Create()
    {
        var converter = new JsonConverter();
        converter.Configure(new Dictionary<string, string> { [JsonConverter.SchemasEnableConfig] = "false" }, isKey: false);
        return converter;
    }
}
