using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Registry;

namespace Wharf.SchemaRegistry.Api;

/// <summary>/mode (ModeResource): READWRITE, READONLY, READONLY_OVERRIDE and IMPORT, for the top level or a subject or context.</summary>
internal sealed class ModeEndpoints(RegistryService registry)
{
    public Task GetTopAsync(HttpContext context) => Answer(context, registry.State.Mode(null) ?? RegistryMode.ReadWrite);

    public Task PutTopAsync(HttpContext context) => PutAsync(context, null);

    public async Task DeleteTopAsync(HttpContext context)
    {
        var previous = await registry.DeleteModeAsync(null, context.RequestAborted);
        await Answer(context, previous ?? RegistryMode.ReadWrite);
    }

    public Task GetAsync(HttpContext context)
    {
        var subject = RequestValues.Subject(context);
        var key = QualifiedSubject.ConfigKey(subject);
        if (key is null)
        {
            return GetTopAsync(context);
        }

        if (registry.State.Mode(key) is { } own)
        {
            return Answer(context, own);
        }

        return RequestValues.Flag(context, "defaultToGlobal")
            ? Answer(context, registry.ModeInScope(key))
            : throw RegistryErrors.SubjectLevelModeNotConfigured(subject);
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

    public async Task DeleteSubjectAsync(HttpContext context)
    {
        var subject = RequestValues.Subject(context);
        var previous = await registry.DeleteModeAsync(QualifiedSubject.ConfigKey(subject), context.RequestAborted) ?? throw RegistryErrors.SubjectNotFound(subject);
        await Answer(context, previous);
    }

    /// <summary>PUT: an unknown mode is 42204; {"mode":null} removes the mode.</summary>
    private async Task PutAsync(HttpContext context, string? key)
    {
        var text = await RequestDocuments.ReadModeAsync(context);
        if (text is null)
        {
            await registry.DeleteModeAsync(key, context.RequestAborted);
            await RegistryAnswers.JsonAsync(context, w =>
            {
                w.WriteStartObject();
                w.WriteEndObject();
            });
            return;
        }

        if (!RegistryMode.TryParse(text, out var mode))
        {
            throw RegistryErrors.InvalidMode();
        }

        await registry.SetModeAsync(key, mode, RequestValues.Flag(context, "force"), context.RequestAborted);
        await Answer(context, mode);
    }

    private static Task Answer(HttpContext context, string mode) => RegistryAnswers.JsonAsync(context, EntityJson.Field("mode", mode));
}
