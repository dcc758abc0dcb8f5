namespace Wharf.Storage;

/// <summary>Kafka's topic name rules (clients/.../internals/Topic.java).</summary>
public static class TopicNames
{
    /// <summary>Kafka's Topic.MAX_NAME_LENGTH: a partition directory name must stay under 255 bytes.</summary>
    public const int MaxLength = 249;

    /// <summary>Null when <paramref name="name"/> is a legal topic name, else Kafka's reason.</summary>
    public static string? Validate(string name)
    {
        if (name.Length == 0)
        {
            return "Topic name is illegal, it can't be empty";
        }

        if (name is "." or "..")
        {
            return "Topic name cannot be \".\" or \"..\"";
        }

        if (name.Length > MaxLength)
        {
            return $"Topic name is illegal, it can't be longer than {MaxLength} characters, topic name: {name}";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return $"Topic name \"{name}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'";
            }
        }

        return null;
    }

    /// <summary>'.' and '_' collide in metric names, so Kafka refuses topics differing only by them.</summary>
    public static string Unify(string name) => name.Replace('.', '_');
}
