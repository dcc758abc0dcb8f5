using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;

namespace Wharf.SchemaRegistry.Http;

/// <summary>
/// The <c>/contexts/{context}/…</c> URL prefix (Confluent's ContextFilter, 7.0+): the request is served as the same
/// path without the prefix, with the context put into whatever names subjects — the segment after <c>subjects</c>
/// (and <c>deks</c>), the subject of the top-level <c>config</c>/<c>mode</c> (the context's own config or mode
/// when none follows), the <c>subject</c> query of <c>/schemas/ids/…</c> and the <c>subjectPrefix</c> of
/// <c>/schemas</c> and <c>/subjects</c>. A subject already qualified (<c>:.other:s</c>, <c>:*:</c>) is kept as given.
/// </summary>
internal static class ContextPath
{
    /// <summary>
    /// The rewritten path and query, or null when the path has no context prefix (or names only a context, as
    /// <c>/contexts</c> and <c>/contexts/{context}</c> do). Throws <see cref="RegistryException"/> (400) for a context name with a colon.
    /// </summary>
    public static (string Path, QueryString Query)? Rewrite(string path, IQueryCollection query)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3 || segments[0] != "contexts")
        {
            return null;
        }

        var prefix = Prefix(segments[1]);
        var rest = segments[2..];
        var subjectFollows = false;
        var topConfigOrMode = false;
        for (var i = 0; i < rest.Length; i++)
        {
            if (subjectFollows)
            {
                rest[i] = IsQualified(rest[i]) ? rest[i] : prefix + rest[i];
                subjectFollows = false;
            }
            else if (rest[i] is "subjects" or "deks" || (i == 0 && rest[i] is "config" or "mode"))
            {
                subjectFollows = true;
                topConfigOrMode = i == 0 && rest[i] is "config" or "mode";
            }
        }

        var rewritten = "/" + string.Join('/', rest);
        if (subjectFollows && topConfigOrMode && prefix.Length > 0)
        {
            rewritten += "/" + prefix;
        }

        return (rewritten, RewriteQuery(rest, query, prefix));
    }

    /// <summary>":.ctx:" for a context name (with or without its dot and colons); empty for the default context.</summary>
    private static string Prefix(string context)
    {
        var name = context.Trim(':');
        if (name.Contains(':', StringComparison.Ordinal))
        {
            throw new RegistryException(400, 400, "Context name '" + name + "' cannot contain a colon");
        }

        name = name.StartsWith('.') ? name : "." + name;
        return name == "." ? string.Empty : ":" + name + ":";
    }

    private static bool IsQualified(string subject) => subject.StartsWith(":.", StringComparison.Ordinal) || subject.StartsWith(":*:", StringComparison.Ordinal);

    private static QueryString RewriteQuery(string[] rest, IQueryCollection query, string prefix)
    {
        var values = query.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (rest is ["schemas", "ids", ..])
        {
            var subject = values.TryGetValue("subject", out var given) ? given.ToString() : string.Empty;
            if (!IsQualified(subject))
            {
                values["subject"] = prefix + subject;
            }
        }
        else if (rest is ["schemas"] or ["subjects"])
        {
            var prefixes = values.TryGetValue("subjectPrefix", out var given) && given.Count > 0 ? given.ToArray() : [string.Empty];
            values["subjectPrefix"] = new StringValues(prefixes.Select(p => p is not null && IsQualified(p) ? p : prefix + p).ToArray());
        }

        var builder = new QueryBuilder();
        foreach (var (key, value) in values)
        {
            foreach (var item in value)
            {
                builder.Add(key, item ?? string.Empty);
            }
        }

        return builder.ToQueryString();
    }
}

/// <summary>Serves <c>/contexts/{context}/…</c> requests as <see cref="ContextPath"/> rewrites them; runs before routing.</summary>
internal sealed class ContextPathMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Value is { } path && path.StartsWith("/contexts/", StringComparison.Ordinal))
        {
            try
            {
                if (ContextPath.Rewrite(path, context.Request.Query) is var (rewritten, query))
                {
                    context.Request.Path = rewritten;
                    context.Request.QueryString = query;
                }
            }
            catch (RegistryException exception)
            {
                return RegistryAnswers.ErrorAsync(context, exception.StatusCode, exception.ErrorCode, exception.Message, RegistryMediaTypes.Json);
            }
        }

        return next(context);
    }
}
