using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Registry;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Api;

/// <summary>The route table of the registry's REST API (Confluent 7.x); writes carry <see cref="LeaderOnly"/>.</summary>
internal static class RegistryRoutes
{
    /// <summary>JAX-RS answers HEAD for every GET resource (the headers of the GET, no body); so does Wharf.</summary>
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(IEndpointRouteBuilder routes)
    {
        var services = routes.ServiceProvider;
        var schemas = services.GetRequiredService<SchemaEndpoints>();
        var subjects = services.GetRequiredService<SubjectEndpoints>();
        var compatibility = services.GetRequiredService<CompatibilityEndpoints>();
        var config = services.GetRequiredService<ConfigEndpoints>();
        var mode = services.GetRequiredService<ModeEndpoints>();
        var registry = services.GetRequiredService<RegistryService>();

        // GET / and POST / answer {} (RootResource): load balancers and clients use them as a liveness check.
        routes.MapMethods("/", GetOrHead, EmptyObjectAsync);
        routes.MapPost("/", EmptyObjectAsync);

        routes.MapMethods("/schemas/types", GetOrHead, schemas.TypesAsync);
        routes.MapMethods("/schemas", GetOrHead, schemas.ListAsync);
        routes.MapMethods("/schemas/ids/{id:int}", GetOrHead, (HttpContext c, int id) => schemas.ByIdAsync(c, id));
        routes.MapMethods("/schemas/ids/{id:int}/schema", GetOrHead, (HttpContext c, int id) => schemas.TextByIdAsync(c, id));
        routes.MapMethods("/schemas/ids/{id:int}/subjects", GetOrHead, (HttpContext c, int id) => schemas.SubjectsByIdAsync(c, id));
        routes.MapMethods("/schemas/ids/{id:int}/versions", GetOrHead, (HttpContext c, int id) => schemas.VersionsByIdAsync(c, id));

        routes.MapMethods("/subjects", GetOrHead, subjects.ListAsync);
        routes.MapMethods("/subjects/{subject}/versions", GetOrHead, subjects.VersionsAsync);
        routes.MapPost("/subjects/{subject}/versions", subjects.RegisterAsync).WithMetadata(new LeaderOnly(WriteMessages.Register));
        routes.MapMethods("/subjects/{subject}/versions/{version}", GetOrHead, subjects.VersionAsync);
        routes.MapMethods("/subjects/{subject}/versions/{version}/schema", GetOrHead, subjects.VersionTextAsync);
        routes.MapMethods("/subjects/{subject}/versions/{version}/referencedby", GetOrHead, subjects.ReferencedByAsync);
        routes.MapDelete("/subjects/{subject}/versions/{version}", subjects.DeleteVersionAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteVersion));
        routes.MapPost("/subjects/{subject}", subjects.LookupAsync);
        routes.MapDelete("/subjects/{subject}", subjects.DeleteAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteSubject));

        routes.MapPost("/compatibility/subjects/{subject}/versions/{version}", compatibility.AgainstVersionAsync);
        routes.MapPost("/compatibility/subjects/{subject}/versions", compatibility.AgainstVersionsAsync);

        routes.MapMethods("/config", GetOrHead, config.GetTopAsync);
        routes.MapPut("/config", config.PutTopAsync).WithMetadata(new LeaderOnly(WriteMessages.UpdateConfig));
        routes.MapDelete("/config", config.DeleteTopAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteConfig));
        routes.MapMethods("/config/{subject}", GetOrHead, config.GetAsync);
        routes.MapPut("/config/{subject}", config.PutSubjectAsync).WithMetadata(new LeaderOnly(WriteMessages.UpdateConfig));
        routes.MapDelete("/config/{subject}", config.DeleteSubjectAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteConfig));

        routes.MapMethods("/mode", GetOrHead, mode.GetTopAsync);
        routes.MapPut("/mode", mode.PutTopAsync).WithMetadata(new LeaderOnly(WriteMessages.UpdateMode));
        routes.MapDelete("/mode", mode.DeleteTopAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteMode));
        routes.MapMethods("/mode/{subject}", GetOrHead, mode.GetAsync);
        routes.MapPut("/mode/{subject}", mode.PutSubjectAsync).WithMetadata(new LeaderOnly(WriteMessages.UpdateMode));
        routes.MapDelete("/mode/{subject}", mode.DeleteSubjectAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteMode));

        routes.MapMethods("/contexts", GetOrHead, c => RegistryAnswers.JsonAsync(c, w => EntityJson.Strings(w, RequestValues.Page(c, registry.State.Contexts()))));
        routes.MapDelete("/contexts/{context}", c => DeleteContext(c, registry));

        // ServerMetadataResource: the Kafka cluster and the registry's group (schema.registry.group.id).
        var store = services.GetRequiredService<KafkaStore>();
        var groupId = services.GetRequiredService<SchemaRegistryOptions>().GroupId;
        routes.MapMethods("/v1/metadata/id", GetOrHead, c => RegistryAnswers.JsonAsync(c, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("scope");
            w.WriteStartArray("path");
            w.WriteEndArray();
            w.WriteStartObject("clusters");
            w.WriteString("kafka-cluster", store.KafkaClusterId());
            w.WriteString("schema-registry-cluster", groupId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// DELETE /contexts/{context}: 204 when no subject lives there any more, 42211 otherwise. Here a context exists
    /// through its subjects, so there is nothing to remove once it is empty (Confluent removes its CONTEXT record).
    /// </summary>
    private static Task DeleteContext(HttpContext context, RegistryService registry)
    {
        var name = ((string)context.Request.RouteValues["context"]!).Trim(':');
        name = name.StartsWith('.') ? name : "." + name;
        if (registry.State.HasSubjectsIn(name))
        {
            throw new RegistryException(422, 42211, "The specified context '" + name + "' is not empty.");
        }

        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private static Task EmptyObjectAsync(HttpContext context) => RegistryAnswers.JsonAsync(context, w =>
    {
        w.WriteStartObject();
        w.WriteEndObject();
    });
}
