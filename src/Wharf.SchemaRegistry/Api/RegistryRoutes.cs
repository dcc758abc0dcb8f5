using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Registry;

namespace Wharf.SchemaRegistry.Api;

/// <summary>The route table of the registry's REST API (Confluent 7.x); writes carry <see cref="LeaderOnly"/>.</summary>
internal static class RegistryRoutes
{
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
        routes.MapGet("/", EmptyObjectAsync);
        routes.MapPost("/", EmptyObjectAsync);

        routes.MapGet("/schemas/types", schemas.TypesAsync);
        routes.MapGet("/schemas", schemas.ListAsync);
        routes.MapGet("/schemas/ids/{id:int}", (HttpContext c, int id) => schemas.ByIdAsync(c, id));
        routes.MapGet("/schemas/ids/{id:int}/schema", (HttpContext c, int id) => schemas.TextByIdAsync(c, id));
        routes.MapGet("/schemas/ids/{id:int}/subjects", (HttpContext c, int id) => schemas.SubjectsByIdAsync(c, id));
        routes.MapGet("/schemas/ids/{id:int}/versions", (HttpContext c, int id) => schemas.VersionsByIdAsync(c, id));

        routes.MapGet("/subjects", subjects.ListAsync);
        routes.MapGet("/subjects/{subject}/versions", subjects.VersionsAsync);
        routes.MapPost("/subjects/{subject}/versions", subjects.RegisterAsync).WithMetadata(new LeaderOnly(WriteMessages.Register));
        routes.MapGet("/subjects/{subject}/versions/{version}", subjects.VersionAsync);
        routes.MapGet("/subjects/{subject}/versions/{version}/schema", subjects.VersionTextAsync);
        routes.MapGet("/subjects/{subject}/versions/{version}/referencedby", subjects.ReferencedByAsync);
        routes.MapDelete("/subjects/{subject}/versions/{version}", subjects.DeleteVersionAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteVersion));
        routes.MapPost("/subjects/{subject}", subjects.LookupAsync);
        routes.MapDelete("/subjects/{subject}", subjects.DeleteAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteSubject));

        routes.MapPost("/compatibility/subjects/{subject}/versions/{version}", compatibility.AgainstVersionAsync);
        routes.MapPost("/compatibility/subjects/{subject}/versions", compatibility.AgainstVersionsAsync);

        routes.MapGet("/config", config.GetTopAsync);
        routes.MapPut("/config", config.PutTopAsync).WithMetadata(new LeaderOnly(WriteMessages.UpdateConfig));
        routes.MapDelete("/config", config.DeleteTopAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteConfig));
        routes.MapGet("/config/{subject}", config.GetAsync);
        routes.MapPut("/config/{subject}", config.PutSubjectAsync).WithMetadata(new LeaderOnly(WriteMessages.UpdateConfig));
        routes.MapDelete("/config/{subject}", config.DeleteSubjectAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteConfig));

        routes.MapGet("/mode", mode.GetTopAsync);
        routes.MapPut("/mode", mode.PutTopAsync).WithMetadata(new LeaderOnly(WriteMessages.UpdateMode));
        routes.MapDelete("/mode", mode.DeleteTopAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteMode));
        routes.MapGet("/mode/{subject}", mode.GetAsync);
        routes.MapPut("/mode/{subject}", mode.PutSubjectAsync).WithMetadata(new LeaderOnly(WriteMessages.UpdateMode));
        routes.MapDelete("/mode/{subject}", mode.DeleteSubjectAsync).WithMetadata(new LeaderOnly(WriteMessages.DeleteMode));

        routes.MapGet("/contexts", c => RegistryAnswers.JsonAsync(c, w => EntityJson.Strings(w, RequestValues.Page(c, registry.State.Contexts()))));
    }

    private static Task EmptyObjectAsync(HttpContext context) => RegistryAnswers.JsonAsync(context, w =>
    {
        w.WriteStartObject();
        w.WriteEndObject();
    });
}
