using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Configuration;
using Wharf.Connect.Rest;

namespace Wharf.Connect;

/// <summary>
/// Reads a connector configuration file given to connect-standalone: Java properties, or JSON in the shape of
/// a POST /connectors body (<c>{"name": …, "config": {…}}</c>) or a bare config object.
/// </summary>
public static class ConnectorConfigFiles
{
    public static IReadOnlyDictionary<string, string> Read(string path)
    {
        var text = File.ReadAllText(path);
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return JavaProperties.Parse(text);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException exception)
        {
            throw new ConfigurationException("Connector file " + path + " is not valid JSON: " + exception.Message);
        }

        try
        {
            if (node is JsonObject body && body["config"] is JsonObject)
            {
                var config = RequestBodies.NonNull(RequestBodies.Config(body["config"]));
                if (body["name"] is JsonValue name && name.TryGetValue<string>(out var given))
                {
                    config.TryAdd("name", given.Trim());
                }

                return config;
            }

            return RequestBodies.NonNull(RequestBodies.Config(node));
        }
        catch (RequestBodyException exception)
        {
            throw new ConfigurationException("Connector file " + path + ": " + exception.Message);
        }
    }
}
