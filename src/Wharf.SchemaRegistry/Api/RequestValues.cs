using System.Globalization;
using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Registry;

namespace Wharf.SchemaRegistry.Api;

/// <summary>Path and query parameters read as Jersey reads them for the original.</summary>
internal static class RequestValues
{
    /// <summary>
    /// The {subject} path parameter. Routing decodes the path except "%2F" (which would change its segments); a
    /// subject with a slash arrives as %2F, so that is decoded here.
    /// </summary>
    public static string Subject(HttpContext context) =>
        ((string)context.Request.RouteValues["subject"]!).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    public static VersionSpec Version(HttpContext context)
    {
        var text = (string)context.Request.RouteValues["version"]!;
        return VersionSpec.TryParse(text, out var version) ? version : throw RegistryErrors.InvalidVersion(text);
    }

    /// <summary>A boolean query parameter: Java's Boolean.valueOf, true only for "true" in any case.</summary>
    public static bool Flag(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) && string.Equals(values.ToString().Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Text(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    /// <summary>offset and limit (7.x pagination): applied after filtering; limit -1 (the default) is no limit.</summary>
    public static IEnumerable<T> Page<T>(HttpContext context, IEnumerable<T> items)
    {
        var offset = Int(context, "offset") ?? 0;
        var limit = Int(context, "limit") ?? -1;
        var page = items.Skip(Math.Max(0, offset));
        return limit > 0 ? page.Take(limit) : page;
    }

    private static int? Int(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var values) && int.TryParse(values.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
}
