namespace Wharf.SchemaRegistry.Registry;

/// <summary>The modes of Confluent 7.x (Mode.java): what writes a subject, a context or the registry accepts.</summary>
public static class RegistryMode
{
    public const string ReadWrite = "READWRITE";
    public const string ReadOnly = "READONLY";
    public const string ReadOnlyOverride = "READONLY_OVERRIDE";
    public const string Import = "IMPORT";

    public const string InvalidMessage = "Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.";

    private static readonly string[] All = [ReadWrite, ReadOnly, ReadOnlyOverride, Import];

    /// <summary>The mode's stored name, matched case-insensitively; false for an unknown mode.</summary>
    public static bool TryParse(string? text, out string mode)
    {
        mode = All.FirstOrDefault(m => m.Equals(text?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        return mode.Length > 0;
    }

    public static bool IsReadOnly(string mode) => mode is ReadOnly or ReadOnlyOverride;
}
