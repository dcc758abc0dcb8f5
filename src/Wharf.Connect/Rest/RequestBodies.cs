using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Connect.Api;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Rest;

/// <summary>A request body that is not the JSON the endpoint expects; answered 500 as Jackson's errors are by the original.</summary>
internal sealed class RequestBodyException(string message) : ConnectException(message);

/// <summary>
/// Reads request bodies as Jackson does for the original's Map&lt;String,String&gt; configs: JSON numbers and
/// booleans become their text ("tasks.max": 1 is "1"), nulls are kept only where they mean "remove".
/// </summary>
internal static class RequestBodies
{
    public static async Task<JsonNode?> ReadAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException exception)
        {
            throw new RequestBodyException("Cannot read the request body as JSON: " + exception.Message);
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpContext context) =>
        await ReadAsync(context) as JsonObject ?? throw new RequestBodyException("Cannot deserialize the request body: expected a JSON object");

    /// <summary>A config map; nulls are dropped unless <paramref name="keepNulls"/> (PATCH, where null removes a key).</summary>
    public static Dictionary<string, string?> Config(JsonNode? node, bool keepNulls = false)
    {
        if (node is not JsonObject map)
        {
            throw new RequestBodyException("Cannot deserialize the connector configuration: expected a JSON object of strings");
        }

        var config = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            var text = Scalar(key, value);
            if (text is not null || keepNulls)
            {
                config[key] = text;
            }
        }

        return config;
    }

    public static Dictionary<string, string> NonNull(Dictionary<string, string?> config) =>
        config.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);

    /// <summary>"initial_state" of a create request (KIP-980), case-insensitive.</summary>
    public static TargetState? InitialState(JsonObject body)
    {
        if (body["initial_state"] is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        return text.ToUpperInvariant() switch
        {
            "RUNNING" => TargetState.Started,
            "PAUSED" => TargetState.Paused,
            "STOPPED" => TargetState.Stopped,
            _ => throw new RequestBodyException("Cannot deserialize value of type `org.apache.kafka.connect.runtime.rest.entities.CreateConnectorRequest$InitialState` from String \"" + text + "\": not one of the values accepted for Enum class: [RUNNING, PAUSED, STOPPED]"),
        };
    }

    private static string? Scalar(string key, JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => throw new RequestBodyException("Cannot deserialize value of type `java.lang.String` from " + (value is JsonArray ? "Array" : "Object") + " value for key \"" + key + "\""),
    };
}
