using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Registry;

namespace Wharf.SchemaRegistry.Api;

/// <summary>/compatibility (CompatibilityResource): is a schema compatible with one version, or with the versions the level names?</summary>
internal sealed class CompatibilityEndpoints(RegistryService registry)
{
    public Task AgainstVersionAsync(HttpContext context) => CheckAsync(context, RequestValues.Version(context));

    public Task AgainstVersionsAsync(HttpContext context) => CheckAsync(context, null);

    private async Task CheckAsync(HttpContext context, VersionSpec? version)
    {
        var subject = RequestValues.Subject(context);
        var request = await RequestDocuments.ReadRegisterAsync(context);
        var verbose = RequestValues.Flag(context, "verbose");
        var (compatible, messages) = registry.CheckCompatibility(subject, version, request, RequestValues.Flag(context, "normalize"), verbose);
        await RegistryAnswers.JsonAsync(context, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("is_compatible", compatible);
            if (verbose && messages.Count > 0)
            {
                w.WritePropertyName("messages");
                EntityJson.Strings(w, messages);
            }

            w.WriteEndObject();
        });
    }
}
