using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Rest;

/// <summary>The route table of the Connect REST API (Apache's resources); trailing slashes are accepted.</summary>
internal static class ConnectRoutes
{
    public static void Map(IEndpointRouteBuilder routes, ConnectHerder herder, RootEndpoints root)
    {
        var connectors = new ConnectorsEndpoints(herder);
        var plugins = new PluginsEndpoints(herder);
        const string C = "/connectors/{connector}";

        routes.MapGet("/", root.InfoAsync);
        routes.MapGet("/health", RootEndpoints.HealthAsync);
        routes.MapGet("/admin/loggers", RootEndpoints.LoggersAsync);
        routes.MapGet("/admin/loggers/{logger}", (HttpContext context, string logger) => RootEndpoints.LoggerAsync(context, logger));

        routes.MapGet("/connectors", connectors.ListAsync);
        routes.MapPost("/connectors", connectors.CreateAsync);
        routes.MapGet(C, (HttpContext context, string connector) => connectors.GetAsync(context, connector));
        routes.MapDelete(C, (HttpContext context, string connector) => connectors.DeleteAsync(context, connector));
        routes.MapGet(C + "/config", (HttpContext context, string connector) => connectors.ConfigAsync(context, connector));
        routes.MapPut(C + "/config", (HttpContext context, string connector) => connectors.PutConfigAsync(context, connector));
        routes.MapPatch(C + "/config", (HttpContext context, string connector) => connectors.PatchConfigAsync(context, connector));
        routes.MapGet(C + "/status", (HttpContext context, string connector) => connectors.StatusAsync(context, connector));
        routes.MapGet(C + "/tasks", (HttpContext context, string connector) => connectors.TasksAsync(context, connector));
        routes.MapGet(C + "/tasks-config", (HttpContext context, string connector) => connectors.TasksConfigAsync(context, connector));
        routes.MapGet(C + "/tasks/{task}/status", (HttpContext context, string connector, string task) => connectors.TaskStatusAsync(context, connector, ConnectorsEndpoints.TaskNumber(task)));
        routes.MapPost(C + "/tasks/{task}/restart", (HttpContext context, string connector, string task) => connectors.RestartTaskAsync(context, connector, ConnectorsEndpoints.TaskNumber(task)));
        routes.MapPost(C + "/restart", (HttpContext context, string connector) => connectors.RestartAsync(context, connector));
        routes.MapPut(C + "/pause", (HttpContext context, string connector) => connectors.PauseAsync(context, connector));
        routes.MapPut(C + "/resume", (HttpContext context, string connector) => connectors.ResumeAsync(context, connector));
        routes.MapPut(C + "/stop", (HttpContext context, string connector) => connectors.StopAsync(context, connector));
        routes.MapGet(C + "/topics", (HttpContext context, string connector) => connectors.TopicsAsync(context, connector));
        routes.MapPut(C + "/topics/reset", (HttpContext context, string connector) => connectors.ResetTopicsAsync(context, connector));
        routes.MapGet(C + "/offsets", (HttpContext context, string connector) => connectors.OffsetsAsync(context, connector));
        routes.MapPatch(C + "/offsets", (HttpContext context, string connector) => connectors.AlterOffsetsAsync(context, connector));
        routes.MapDelete(C + "/offsets", (HttpContext context, string connector) => connectors.ResetOffsetsAsync(context, connector));

        // Wharf's additions (not in Apache's API): metrics and recent log lines of a connector and its tasks.
        var monitoring = new MonitoringEndpoints(herder);
        routes.MapGet(C + "/metrics", (HttpContext context, string connector) => monitoring.ConnectorMetricsAsync(context, connector));
        routes.MapGet(C + "/tasks/{task}/metrics", (HttpContext context, string connector, string task) => monitoring.TaskMetricsAsync(context, connector, ConnectorsEndpoints.TaskNumber(task)));
        routes.MapGet(C + "/logs", (HttpContext context, string connector) => monitoring.ConnectorLogsAsync(context, connector));
        routes.MapGet(C + "/tasks/{task}/logs", (HttpContext context, string connector, string task) => monitoring.TaskLogsAsync(context, connector, ConnectorsEndpoints.TaskNumber(task)));

        routes.MapGet("/connector-plugins", plugins.ListAsync);
        routes.MapGet("/connector-plugins/{plugin}/config", (HttpContext context, string plugin) => plugins.ConfigAsync(context, plugin));
        routes.MapPut("/connector-plugins/{plugin}/config/validate", (HttpContext context, string plugin) => plugins.ValidateAsync(context, plugin));
    }
}
