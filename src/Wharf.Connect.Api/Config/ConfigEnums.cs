namespace Wharf.Connect.Api.Config;

/// <summary>The type of a configuration value (Kafka's ConfigDef.Type); the REST API shows the upper-case name.</summary>
public enum ConfigType
{
    Boolean,
    String,
    Int,
    Short,
    Long,
    Double,
    List,
    Class,
    Password,
}

/// <summary>How much a user should care about a configuration key.</summary>
public enum Importance
{
    High,
    Medium,
    Low,
}

/// <summary>A hint for UIs of how wide a value is.</summary>
public enum Width
{
    None,
    Short,
    Medium,
    Long,
}
