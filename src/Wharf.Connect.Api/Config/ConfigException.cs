namespace Wharf.Connect.Api.Config;

/// <summary>A configuration that cannot be used; the message follows Kafka's ConfigException ("Invalid value X for configuration k: why").</summary>
public sealed class ConfigException : ConnectException
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConfigException(string name, object? value, string? reason)
        : base("Invalid value " + (value is null ? "null" : ConfigDef.FormatValue(value)) + " for configuration " + name + (reason is null ? string.Empty : ": " + reason))
    {
    }
}
