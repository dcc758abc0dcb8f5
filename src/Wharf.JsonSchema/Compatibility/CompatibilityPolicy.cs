namespace Wharf.JsonSchema.Compatibility;

/// <summary>Confluent's <c>compatibilityPolicy</c> as it applies to JSON Schema: which difference types pass.</summary>
public enum CompatibilityPolicy
{
    /// <summary>The default: "new accepts every document old accepted", strictly.</summary>
    Strict,
    /// <summary>Also lets optional properties be added to open content models and closed models be opened or narrowed.</summary>
    Lenient,
}
