namespace Wharf.SchemaRegistry.Registry;

/// <summary>Confluent's compatibility levels (CompatibilityLevel.java): which direction is checked, against how many versions.</summary>
public enum CompatibilityLevel
{
    None,
    Backward,
    BackwardTransitive,
    Forward,
    ForwardTransitive,
    Full,
    FullTransitive,
}

public static class CompatibilityLevels
{
    public const string InvalidMessage =
        "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive";

    /// <summary>The level's name as stored and answered (upper case, e.g. BACKWARD_TRANSITIVE).</summary>
    public static string Name(this CompatibilityLevel level) => level switch
    {
        CompatibilityLevel.None => "NONE",
        CompatibilityLevel.Backward => "BACKWARD",
        CompatibilityLevel.BackwardTransitive => "BACKWARD_TRANSITIVE",
        CompatibilityLevel.Forward => "FORWARD",
        CompatibilityLevel.ForwardTransitive => "FORWARD_TRANSITIVE",
        CompatibilityLevel.Full => "FULL",
        _ => "FULL_TRANSITIVE",
    };

    /// <summary>Case-insensitive, surrounding blanks ignored, as CompatibilityLevel.forName.</summary>
    public static bool TryParse(string? text, out CompatibilityLevel level)
    {
        level = CompatibilityLevel.Backward;
        if (text is null)
        {
            return false;
        }

        foreach (var candidate in Enum.GetValues<CompatibilityLevel>())
        {
            if (candidate.Name().Equals(text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        return false;
    }

    public static bool IsTransitive(this CompatibilityLevel level) =>
        level is CompatibilityLevel.BackwardTransitive or CompatibilityLevel.ForwardTransitive or CompatibilityLevel.FullTransitive;
}
