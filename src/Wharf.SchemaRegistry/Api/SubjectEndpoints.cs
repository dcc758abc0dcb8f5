using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Registry;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Api;

/// <summary>/subjects (SubjectsResource, SubjectVersionsResource): listing, registration, lookup, versions and deletes.</summary>
internal sealed class SubjectEndpoints(RegistryService registry, AnswerCache answers)
{
    /// <summary>GET /subjects: sorted; subjects whose versions are all soft-deleted only with deleted (or alone with deletedOnly).</summary>
    public Task ListAsync(HttpContext context)
    {
        var prefix = RequestValues.Text(context, "subjectPrefix") is { Length: > 0 } given && given != ":*:" ? given : string.Empty;
        var deleted = RequestValues.Flag(context, "deleted");
        var deletedOnly = RequestValues.Flag(context, "deletedOnly");
        var subjects = registry.State.SubjectNames().Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).Where(s =>
        {
            var live = registry.State.Versions(s).Any(v => !v.Deleted);
            return deletedOnly ? !live : deleted || live;
        });
        return RegistryAnswers.JsonAsync(context, w => EntityJson.Strings(w, RequestValues.Page(context, subjects)));
    }

    public Task VersionsAsync(HttpContext context)
    {
        var subject = RequestValues.Subject(context);
        var deleted = RequestValues.Flag(context, "deleted");
        var deletedOnly = RequestValues.Flag(context, "deletedOnly");
        var versions = registry.State.Versions(subject).Where(v => deletedOnly ? v.Deleted : deleted || !v.Deleted).Select(v => v.Version).ToList();
        if (versions.Count == 0)
        {
            throw RegistryErrors.SubjectNotFound(subject);
        }

        return RegistryAnswers.JsonAsync(context, w => EntityJson.Numbers(w, RequestValues.Page(context, versions)));
    }

    public async Task RegisterAsync(HttpContext context)
    {
        var subject = RequestValues.Subject(context);
        var request = await RequestDocuments.ReadRegisterAsync(context);
        var id = await registry.RegisterAsync(subject, request, RequestValues.Flag(context, "normalize"), context.RequestAborted);
        await RegistryAnswers.JsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("id", id);
            w.WriteEndObject();
        });
    }

    public Task VersionAsync(HttpContext context) => RegistryAnswers.JsonAsync(context, answers.Version(FindVersion(context)));

    public Task VersionTextAsync(HttpContext context) => RegistryAnswers.RawAsync(context, FindVersion(context).Schema);

    public Task ReferencedByAsync(HttpContext context)
    {
        var target = FindVersion(context);
        var ids = registry.ReferrersOf(target, RequestValues.Flag(context, "deleted"));
        return RegistryAnswers.JsonAsync(context, w => EntityJson.Numbers(w, RequestValues.Page(context, ids)));
    }

    public async Task DeleteVersionAsync(HttpContext context)
    {
        var version = RequestValues.Version(context);
        var deleted = await registry.DeleteVersionAsync(RequestValues.Subject(context), version, RequestValues.Flag(context, "permanent"), context.RequestAborted);
        await RegistryAnswers.JsonAsync(context, w => w.WriteNumberValue(deleted));
    }

    public async Task LookupAsync(HttpContext context)
    {
        var subject = RequestValues.Subject(context);
        var request = await RequestDocuments.ReadRegisterAsync(context);
        var found = registry.Lookup(subject, request, RequestValues.Flag(context, "normalize"), RequestValues.Flag(context, "deleted"));
        await RegistryAnswers.JsonAsync(context, answers.Version(found));
    }

    public async Task DeleteAsync(HttpContext context)
    {
        var versions = await registry.DeleteSubjectAsync(RequestValues.Subject(context), RequestValues.Flag(context, "permanent"), context.RequestAborted);
        await RegistryAnswers.JsonAsync(context, w => EntityJson.Numbers(w, versions));
    }

    /// <summary>The version a GET names: 42202 for a bad version, 40401 for a subject without versions, 40402 for a missing version.</summary>
    private StoredSchema FindVersion(HttpContext context)
    {
        var version = RequestValues.Version(context);
        var subject = RequestValues.Subject(context);
        var deleted = RequestValues.Flag(context, "deleted");
        var versions = registry.State.Versions(subject).Where(v => deleted || !v.Deleted).ToList();
        if (versions.Count == 0)
        {
            throw RegistryErrors.SubjectNotFound(subject);
        }

        return version.Find(versions) ?? throw RegistryErrors.VersionNotFound(version.Number);
    }
}
