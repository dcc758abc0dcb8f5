using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wharf.Connect.Api.Config;
using Wharf.Connect.Plugins;
using Wharf.Connect.Runtime;
using Wharf.Connect.Storage;

namespace Wharf.Connect.Rest;

/// <summary>The REST API's documents, with Apache's field names (snake case where the original has it).</summary>
internal static class ConnectJson
{
    /// <summary>Jackson's escaping: only what JSON requires.</summary>
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    public static void Error(Utf8JsonWriter writer, int code, string message)
    {
        writer.WriteStartObject();
        writer.WriteNumber("error_code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    }

    public static void StringMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> map)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    public static void Info(Utf8JsonWriter writer, ConnectorInfo info)
    {
        writer.WriteStartObject();
        writer.WriteString("name", info.Name);
        writer.WritePropertyName("config");
        StringMap(writer, info.Config);
        writer.WriteStartArray("tasks");
        foreach (var task in info.Tasks)
        {
            TaskId(writer, task);
        }

        writer.WriteEndArray();
        writer.WriteString("type", info.Type);
        writer.WriteEndObject();
    }

    public static void TaskId(Utf8JsonWriter writer, TaskId id)
    {
        writer.WriteStartObject();
        writer.WriteString("connector", id.Connector);
        writer.WriteNumber("task", id.Task);
        writer.WriteEndObject();
    }

    public static void Status(Utf8JsonWriter writer, ConnectorStateInfo status)
    {
        writer.WriteStartObject();
        writer.WriteString("name", status.Name);
        writer.WritePropertyName("connector");
        State(writer, status.Connector, null);
        writer.WriteStartArray("tasks");
        foreach (var (id, task) in status.Tasks)
        {
            State(writer, task, id);
        }

        writer.WriteEndArray();
        writer.WriteString("type", status.Type);
        writer.WriteEndObject();
    }

    /// <summary>A connector or task state; trace only when there is one (Apache's @JsonInclude(NON_EMPTY)).</summary>
    public static void State(Utf8JsonWriter writer, WorkStatus status, int? task)
    {
        writer.WriteStartObject();
        if (task is { } id)
        {
            writer.WriteNumber("id", id);
        }

        writer.WriteString("state", status.StateName);
        writer.WriteString("worker_id", status.WorkerId);
        if (!string.IsNullOrEmpty(status.Trace))
        {
            writer.WriteString("trace", status.Trace);
        }

        writer.WriteEndObject();
    }

    public static void Plugin(Utf8JsonWriter writer, PluginDescriptor plugin)
    {
        writer.WriteStartObject();
        writer.WriteString("class", plugin.ClassName);
        writer.WriteString("type", plugin.Kind.ToRestName());
        if (plugin.Version != "undefined")
        {
            writer.WriteString("version", plugin.Version);
        }

        writer.WriteEndObject();
    }

    /// <summary>Apache's ConfigKeyInfo.</summary>
    public static void KeyInfo(Utf8JsonWriter writer, ConfigKey key)
    {
        writer.WriteStartObject();
        writer.WriteString("name", key.Name);
        writer.WriteString("type", key.Type.ToString().ToUpperInvariant());
        writer.WriteBoolean("required", !key.HasDefault);
        if (key.HasDefault && key.DefaultValue is not null)
        {
            writer.WriteString("default_value", ConfigDef.FormatValue(key.DefaultValue));
        }
        else
        {
            writer.WriteNull("default_value");
        }

        writer.WriteString("importance", key.Importance.ToString().ToUpperInvariant());
        writer.WriteString("documentation", key.Documentation);
        if (key.Group is null)
        {
            writer.WriteNull("group");
        }
        else
        {
            writer.WriteString("group", key.Group);
        }

        writer.WriteNumber("order", key.OrderInGroup);
        writer.WriteString("width", key.Width.ToString().ToUpperInvariant());
        writer.WriteString("display_name", key.DisplayName ?? key.Name);
        writer.WriteStartArray("dependents");
        foreach (var dependent in key.Dependents)
        {
            writer.WriteStringValue(dependent);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Apache's ConfigInfos: name, error_count, groups, configs [{definition, value}].</summary>
    public static void ConfigInfos(Utf8JsonWriter writer, ConfigInfos infos)
    {
        writer.WriteStartObject();
        writer.WriteString("name", infos.Name);
        writer.WriteNumber("error_count", infos.ErrorCount);
        writer.WriteStartArray("groups");
        foreach (var group in infos.Groups)
        {
            writer.WriteStringValue(group);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("configs");
        foreach (var info in infos.Configs)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("definition");
            if (info.Definition is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                KeyInfo(writer, info.Definition);
            }

            writer.WriteStartObject("value");
            writer.WriteString("name", info.Value.Name);
            if (info.Value.Value is null)
            {
                writer.WriteNull("value");
            }
            else
            {
                writer.WriteString("value", ConfigDef.FormatValue(info.Value.Value));
            }

            writer.WriteStartArray("recommended_values");
            foreach (var recommended in info.Value.RecommendedValues)
            {
                writer.WriteStringValue(ConfigDef.FormatValue(recommended));
            }

            writer.WriteEndArray();
            writer.WriteStartArray("errors");
            foreach (var error in info.Value.Errors)
            {
                writer.WriteStringValue(error);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("visible", info.Value.Visible);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void Offsets(Utf8JsonWriter writer, IReadOnlyList<ConnectorOffset> offsets)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("offsets");
        foreach (var offset in offsets)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("partition");
            writer.WriteRawValue(InternalJson.Text(InternalJson.ToObject(offset.Partition)));
            writer.WritePropertyName("offset");
            writer.WriteRawValue(offset.Offset is null ? "null" : InternalJson.Text(InternalJson.ToObject(offset.Offset)));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static void Message(Utf8JsonWriter writer, string message)
    {
        writer.WriteStartObject();
        writer.WriteString("message", message);
        writer.WriteEndObject();
    }
}
