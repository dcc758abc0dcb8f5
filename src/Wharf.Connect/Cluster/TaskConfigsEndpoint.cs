using System.Text.Json.Nodes;
using Wharf.Connect.Rest;
using Wharf.Connect.Runtime;

namespace Wharf.Connect.Cluster;

/// <summary>
/// Apache's internal <c>POST /connectors/{connector}/tasks</c>: the worker running a connector sends the task
/// configurations it generated, a JSON array of string maps, for the leader to store (204). On a worker that does
/// not lead, the request is forwarded like any other change.
/// </summary>
internal sealed class TaskConfigsEndpoint(ConnectHerder herder)
{
    public async Task PutAsync(HttpContext context, string connector)
    {
        if (await RequestBodies.ReadAsync(context) is not JsonArray list)
        {
            throw new RequestBodyException("Cannot deserialize the task configurations: expected a JSON array of objects");
        }

        var configs = list.Select(node => (IReadOnlyDictionary<string, string>)RequestBodies.NonNull(RequestBodies.Config(node))).ToList();
        await herder.PutTaskConfigsAsync(connector, configs, context.RequestAborted);
        context.Response.StatusCode = 204;
    }
}
