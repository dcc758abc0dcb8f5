using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Registry;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Api;

/// <summary>
/// /config (ConfigResource). GET answers Config <c>{"compatibilityLevel"}</c>, PUT takes and echoes
/// ConfigUpdateRequest <c>{"compatibility"}</c>. The subject names ":.:" and ":.__GLOBAL:" stand for the top level.
/// </summary>
internal sealed class ConfigEndpoints(RegistryService registry, SchemaRegistryOptions options)
{
    public Task GetTopAsync(HttpContext context) => Answer(context, registry.State.Config(null));

    public Task PutTopAsync(HttpContext context) => PutAsync(context, null);

    public Task DeleteTopAsync(HttpContext context) => DeleteAsync(context, null);

    public Task GetAsync(HttpContext context)
    {
        var subject = RequestValues.Subject(context);
        var key = QualifiedSubject.ConfigKey(subject);
        if (key is null)
        {
            return GetTopAsync(context);
        }

        if (registry.State.Config(key) is { } own)
        {
            return Answer(context, own);
        }

        return RequestValues.Flag(context, "defaultToGlobal")
            ? Answer(context, registry.ConfigInScope(key))
            : throw RegistryErrors.SubjectLevelCompatibilityNotConfigured(subject);
    }

    public Task PutSubjectAsync(HttpContext context)
    {
        var subject = RequestValues.Subject(context);
        if (!QualifiedSubject.IsValid(subject, forConfig: true))
        {
            throw RegistryErrors.InvalidSubject(subject);
        }

        return PutAsync(context, QualifiedSubject.ConfigKey(subject));
    }

    public Task DeleteSubjectAsync(HttpContext context) => DeleteAsync(context, QualifiedSubject.ConfigKey(RequestValues.Subject(context)), RequestValues.Subject(context));

    private async Task PutAsync(HttpContext context, string? key)
    {
        var (compatibility, normalize) = await RequestDocuments.ReadConfigAsync(context);
        if (!CompatibilityLevels.TryParse(compatibility, out var level))
        {
            throw RegistryErrors.InvalidCompatibilityLevel();
        }

        await registry.SetConfigAsync(key, new StoredConfig(level.Name(), normalize), context.RequestAborted);
        await RegistryAnswers.JsonAsync(context, EntityJson.Config("compatibility", level.Name(), normalize));
    }

    /// <summary>Removes the config and answers the one removed; a subject without one is 40401 (the top level answers the default).</summary>
    private async Task DeleteAsync(HttpContext context, string? key, string? subject = null)
    {
        var previous = await registry.DeleteConfigAsync(key, context.RequestAborted);
        if (previous is null && key is not null)
        {
            throw RegistryErrors.SubjectNotFound(subject ?? key);
        }

        await Answer(context, previous);
    }

    private Task Answer(HttpContext context, StoredConfig? config) =>
        RegistryAnswers.JsonAsync(context, EntityJson.Config("compatibilityLevel", config?.CompatibilityLevel ?? options.CompatibilityLevel.Name(), config?.Normalize));
}
