using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Registry;
using Wharf.SchemaRegistry.Schemas;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Api;

/// <summary>/schemas (SchemasResource): schema types, the schema list, and schemas by id.</summary>
internal sealed class SchemaEndpoints(RegistryService registry, SchemaProviders providers, AnswerCache answers)
{
    public Task TypesAsync(HttpContext context) =>
        RegistryAnswers.JsonAsync(context, w => EntityJson.Strings(w, providers.Types));

    /// <summary>GET /schemas: every subject-version matching subjectPrefix, the latest of each subject with latestOnly.</summary>
    public Task ListAsync(HttpContext context)
    {
        var prefix = RequestValues.Text(context, "subjectPrefix") ?? string.Empty;
        var deleted = RequestValues.Flag(context, "deleted");
        var schemas = registry.State.All().Where(s => s.Subject.StartsWith(prefix, StringComparison.Ordinal) && (deleted || !s.Deleted));
        if (RequestValues.Flag(context, "latestOnly"))
        {
            schemas = schemas.GroupBy(s => s.Subject).Select(g => g.Last());
        }

        var page = RequestValues.Page(context, schemas).ToList();
        return RegistryAnswers.JsonAsync(context, w =>
        {
            w.WriteStartArray();
            foreach (var schema in page)
            {
                EntityJson.Schema(w, schema);
            }

            w.WriteEndArray();
        });
    }

    public Task ByIdAsync(HttpContext context, int id)
    {
        var (schemaContext, identity) = Find(context, id);
        if (RequestValues.Flag(context, "fetchMaxId"))
        {
            var maxId = registry.State.MaxId(schemaContext);
            return RegistryAnswers.JsonAsync(context, w => EntityJson.SchemaString(w, identity, maxId));
        }

        return RegistryAnswers.JsonAsync(context, answers.SchemaString(identity));
    }

    public Task TextByIdAsync(HttpContext context, int id) => RegistryAnswers.RawAsync(context, Find(context, id).Identity.Schema);

    public Task SubjectsByIdAsync(HttpContext context, int id)
    {
        var subjects = Uses(context, id).Select(u => u.Subject).Distinct();
        return RegistryAnswers.JsonAsync(context, w => EntityJson.Strings(w, RequestValues.Page(context, subjects)));
    }

    public Task VersionsByIdAsync(HttpContext context, int id)
    {
        var uses = RequestValues.Page(context, Uses(context, id)).ToList();
        return RegistryAnswers.JsonAsync(context, w =>
        {
            w.WriteStartArray();
            foreach (var use in uses)
            {
                w.WriteStartObject();
                w.WriteString("subject", use.Subject);
                w.WriteNumber("version", use.Version);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>The subject-versions using the id, live ones unless deleted=true (and only the subject's, with subject=).</summary>
    private IEnumerable<StoredSchema> Uses(HttpContext context, int id)
    {
        var (schemaContext, _) = Find(context, id);
        var deleted = RequestValues.Flag(context, "deleted");
        var subject = RequestValues.Text(context, "subject");
        return registry.State.UsesOf(schemaContext, id).Where(u => (deleted || !u.Deleted) && (string.IsNullOrEmpty(subject) || u.Subject == subject));
    }

    /// <summary>The schema of an id in the context of the subject= parameter (the default context without it): 40403 when absent.</summary>
    private (string Context, SchemaIdentity Identity) Find(HttpContext context, int id)
    {
        var subject = RequestValues.Text(context, "subject");
        var schemaContext = string.IsNullOrEmpty(subject) ? QualifiedSubject.DefaultContext : QualifiedSubject.ContextOf(subject);
        return registry.State.IdentityOf(schemaContext, id) is { } identity ? (schemaContext, identity) : throw RegistryErrors.SchemaNotFound(id);
    }
}
