using Wharf.Connect.Api.Config;

namespace Wharf.Connect.Runtime;

/// <summary>One key of a validation result: its definition (null for keys only known by their errors) and its value.</summary>
internal sealed record ConfigInfo(ConfigKey? Definition, ConfigValue Value);

/// <summary>The result of validating a connector configuration (Apache's ConfigInfos): every key with its errors.</summary>
internal sealed record ConfigInfos(string Name, IReadOnlyList<string> Groups, IReadOnlyList<ConfigInfo> Configs)
{
    public int ErrorCount => Configs.Sum(c => c.Value.Errors.Count);

    /// <summary>Apache's 400 message for a configuration with errors, one line per error.</summary>
    public string ErrorMessage() =>
        "Connector configuration is invalid and contains the following " + ErrorCount + " error(s):"
        + string.Concat(Configs.SelectMany(c => c.Value.Errors).Select(e => "\n" + e))
        + "\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`";
}
