namespace Wharf.SchemaRegistry.Registry;

/// <summary>
/// Subject names with contexts (Confluent 7.0+, QualifiedSubject.java): <c>:.ctx:name</c> is <c>name</c> in context
/// <c>.ctx</c>; an unqualified name, or <c>:.:name</c>, is in the default context <c>.</c>. Schema ids are allocated
/// per context.
/// </summary>
public static class QualifiedSubject
{
    public const string DefaultContext = ".";
    public const string GlobalContext = ".__GLOBAL";

    /// <summary>The context of a subject: ".ctx" for ":.ctx:name", "." otherwise.</summary>
    public static string ContextOf(string subject)
    {
        if (subject.Length > 1 && subject[0] == ':' && subject[1] == '.')
        {
            var end = subject.IndexOf(':', 1);
            if (end > 0)
            {
                var context = subject[1..end];
                return context == "." ? DefaultContext : context;
            }
        }

        return DefaultContext;
    }

    /// <summary>The subject without its context prefix.</summary>
    public static string NameOf(string subject)
    {
        if (subject.Length > 1 && subject[0] == ':' && subject[1] == '.')
        {
            var end = subject.IndexOf(':', 1);
            if (end > 0)
            {
                return subject[(end + 1)..];
            }
        }

        return subject;
    }

    /// <summary>
    /// A name that stands for a whole context in the config and mode endpoints: ":.:" and ":.__GLOBAL:" are the
    /// top level (null is returned), ":.ctx:" is the context's own key.
    /// </summary>
    public static string? ConfigKey(string subject) =>
        subject is ":.:" or ":" + GlobalContext + ":" ? null : subject;

    /// <summary>Confluent's isValidSubject: no control characters, not a reserved name, not in the global context.</summary>
    public static bool IsValid(string subject, bool forConfig = false)
    {
        if (subject.Any(char.IsControl))
        {
            return false;
        }

        var name = NameOf(subject);
        if (name is "__GLOBAL" or "__EMPTY")
        {
            return false;
        }

        return forConfig || ContextOf(subject) != GlobalContext;
    }

    /// <summary>The qualified prefix of a context ("" for the default context, ":.ctx:" otherwise).</summary>
    public static string PrefixOf(string context) => context == DefaultContext ? string.Empty : ":" + context + ":";
}
