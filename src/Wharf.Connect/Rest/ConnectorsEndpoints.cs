using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Connect.Runtime;
using Wharf.Connect.Storage;

namespace Wharf.Connect.Rest;

/// <summary>/connectors and below (Apache's ConnectorsResource), with its status codes and messages.</summary>
internal sealed class ConnectorsEndpoints(ConnectHerder herder)
{
    public Task ListAsync(HttpContext context)
    {
        var expand = context.Request.Query["expand"].Where(v => v is not null).SelectMany(v => v!.Split(',')).ToHashSet(StringComparer.Ordinal);
        var names = herder.ConnectorNames();
        if (!expand.Contains("status") && !expand.Contains("info"))
        {
            return ConnectJson.WriteAsync(context, 200, w =>
            {
                w.WriteStartArray();
                foreach (var name in names)
                {
                    w.WriteStringValue(name);
                }

                w.WriteEndArray();
            });
        }

        return ConnectJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            foreach (var name in names)
            {
                // A connector deleted while listing is left out, as in the original.
                ConnectorInfo? info;
                ConnectorStateInfo? status;
                try
                {
                    info = expand.Contains("info") ? herder.Info(name) : null;
                    status = expand.Contains("status") ? herder.Status(name) : null;
                }
                catch (NotFoundException)
                {
                    continue;
                }

                w.WriteStartObject(name);
                if (info is not null)
                {
                    w.WritePropertyName("info");
                    ConnectJson.Info(w, info);
                }

                if (status is not null)
                {
                    w.WritePropertyName("status");
                    ConnectJson.Status(w, status);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
    }

    public async Task CreateAsync(HttpContext context)
    {
        var body = await RequestBodies.ReadObjectAsync(context);
        var name = (body["name"] as JsonValue)?.TryGetValue<string>(out var given) == true ? given.Trim() : string.Empty;
        var config = RequestBodies.NonNull(RequestBodies.Config(body["config"] ?? throw new BadRequestException("Connector configuration is missing: the request needs a \"config\" object")));
        CheckName(name, config);
        var (_, info) = await herder.PutConnectorAsync(name, config, allowReplace: false, RequestBodies.InitialState(body), context.RequestAborted);
        context.Response.Headers.Location = Location(context, name);
        await ConnectJson.WriteAsync(context, 201, w => ConnectJson.Info(w, info));
    }

    public Task GetAsync(HttpContext context, string connector) =>
        ConnectJson.WriteAsync(context, 200, w => ConnectJson.Info(w, herder.Info(connector)));

    public Task ConfigAsync(HttpContext context, string connector) =>
        ConnectJson.WriteAsync(context, 200, w => ConnectJson.StringMap(w, herder.Config(connector)));

    public async Task PutConfigAsync(HttpContext context, string connector)
    {
        var config = RequestBodies.NonNull(RequestBodies.Config(await RequestBodies.ReadAsync(context)));
        CheckName(connector, config);
        var (created, info) = await herder.PutConnectorAsync(connector, config, allowReplace: true, null, context.RequestAborted);
        if (created)
        {
            context.Response.Headers.Location = Location(context, connector);
        }

        await ConnectJson.WriteAsync(context, created ? 201 : 200, w => ConnectJson.Info(w, info));
    }

    /// <summary>KIP-477: merges the given keys into the existing configuration; a null value removes a key.</summary>
    public async Task PatchConfigAsync(HttpContext context, string connector)
    {
        var patch = RequestBodies.Config(await RequestBodies.ReadAsync(context), keepNulls: true);
        var merged = new Dictionary<string, string>(herder.Config(connector), StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value;
            }
        }

        CheckName(connector, merged);
        var (_, info) = await herder.PutConnectorAsync(connector, merged, allowReplace: true, null, context.RequestAborted);
        await ConnectJson.WriteAsync(context, 200, w => ConnectJson.Info(w, info));
    }

    public Task StatusAsync(HttpContext context, string connector) =>
        ConnectJson.WriteAsync(context, 200, w => ConnectJson.Status(w, herder.Status(connector)));

    public Task TasksAsync(HttpContext context, string connector) =>
        ConnectJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartArray();
            foreach (var task in herder.Tasks(connector))
            {
                w.WriteStartObject();
                w.WritePropertyName("id");
                ConnectJson.TaskId(w, task.Id);
                w.WritePropertyName("config");
                ConnectJson.StringMap(w, task.Config);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });

    public Task TasksConfigAsync(HttpContext context, string connector) =>
        ConnectJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            foreach (var task in herder.Tasks(connector))
            {
                w.WritePropertyName(task.Id.ToString());
                ConnectJson.StringMap(w, task.Config);
            }

            w.WriteEndObject();
        });

    public Task TaskStatusAsync(HttpContext context, string connector, int task) =>
        ConnectJson.WriteAsync(context, 200, w => ConnectJson.State(w, herder.TaskStatus(connector, task), task));

    public async Task RestartTaskAsync(HttpContext context, string connector, int task)
    {
        await herder.RestartTaskAsync(connector, task, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    /// <summary>Without flags, only the connector instance restarts (204); with includeTasks or onlyFailed, KIP-745 (202 with the plan).</summary>
    public async Task RestartAsync(HttpContext context, string connector)
    {
        var includeTasks = Flag(context, "includeTasks");
        var onlyFailed = Flag(context, "onlyFailed");
        var plan = await herder.RestartAsync(connector, includeTasks, onlyFailed, context.RequestAborted);
        if (!includeTasks && !onlyFailed)
        {
            context.Response.StatusCode = 204;
            return;
        }

        await ConnectJson.WriteAsync(context, 202, w => ConnectJson.Status(w, plan));
    }

    public async Task PauseAsync(HttpContext context, string connector)
    {
        await herder.PauseAsync(connector, context.RequestAborted);
        context.Response.StatusCode = 202;
    }

    public async Task ResumeAsync(HttpContext context, string connector)
    {
        await herder.ResumeAsync(connector, context.RequestAborted);
        context.Response.StatusCode = 202;
    }

    public async Task StopAsync(HttpContext context, string connector)
    {
        await herder.StopAsync(connector, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    public async Task DeleteAsync(HttpContext context, string connector)
    {
        await herder.DeleteAsync(connector, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    public Task TopicsAsync(HttpContext context, string connector) =>
        ConnectJson.WriteAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject(connector);
            w.WriteStartArray("topics");
            foreach (var topic in herder.ActiveTopics(connector))
            {
                w.WriteStringValue(topic);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });

    public Task ResetTopicsAsync(HttpContext context, string connector)
    {
        herder.ResetActiveTopics(connector);
        context.Response.StatusCode = 202;
        return Task.CompletedTask;
    }

    public async Task OffsetsAsync(HttpContext context, string connector)
    {
        var offsets = await herder.OffsetsAsync(connector, context.RequestAborted);
        await ConnectJson.WriteAsync(context, 200, w => ConnectJson.Offsets(w, offsets));
    }

    /// <summary>KIP-875: body {"offsets": [{"partition": {…}, "offset": {…}|null}]}; the connector must be STOPPED.</summary>
    public async Task AlterOffsetsAsync(HttpContext context, string connector)
    {
        var body = await RequestBodies.ReadObjectAsync(context);
        if (body["offsets"] is not JsonArray list)
        {
            throw new RequestBodyException("Cannot deserialize the request body: expected {\"offsets\": [...]}");
        }

        var offsets = new List<ConnectorOffset>();
        foreach (var item in list)
        {
            if (item is not JsonObject entry || InternalJson.AsMap(InternalJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(entry["partition"]?.ToJsonString() ?? "null"))) is not { } partition)
            {
                throw new RequestBodyException("Cannot deserialize the request body: each offset needs a \"partition\" object");
            }

            var offset = entry["offset"] is null ? null : InternalJson.AsMap(InternalJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(entry["offset"]!.ToJsonString())));
            offsets.Add(new ConnectorOffset(partition, offset));
        }

        if (offsets.Count == 0)
        {
            throw new BadRequestException("Partitions / offsets need to be provided for an alter offsets request");
        }

        var managed = await herder.AlterSourceOffsetsAsync(connector, offsets, context.RequestAborted);
        await ConnectJson.WriteAsync(context, 200, w => ConnectJson.Message(w, managed
            ? "The offsets for this connector have been altered successfully"
            : "The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses."));
    }

    public async Task ResetOffsetsAsync(HttpContext context, string connector)
    {
        var managed = await herder.AlterSourceOffsetsAsync(connector, null, context.RequestAborted);
        await ConnectJson.WriteAsync(context, 200, w => ConnectJson.Message(w, managed
            ? "The offsets for this connector have been reset successfully"
            : "The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses."));
    }

    /// <summary>A config's "name" must match the connector's; an absent one is added.</summary>
    private static void CheckName(string name, Dictionary<string, string> config)
    {
        if (config.TryGetValue(ConnectorConfig.Name, out var own) && own != name)
        {
            throw new BadRequestException("Connector name configuration (" + own + ") doesn't match connector name in the URL (" + name + ")");
        }

        config[ConnectorConfig.Name] = name;
    }

    private static bool Flag(HttpContext context, string name) =>
        context.Request.Query[name].FirstOrDefault() is { } text && bool.TryParse(text, out var value) && value;

    private static string Location(HttpContext context, string name) =>
        context.Request.Scheme + "://" + context.Request.Host + "/connectors/" + Uri.EscapeDataString(name);

    public static int TaskNumber(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : throw new NotFoundException("HTTP 404 Not Found");
}
