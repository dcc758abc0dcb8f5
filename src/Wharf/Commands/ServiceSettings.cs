using Wharf.Configuration;

namespace Wharf.Commands;

/// <summary>A service's own properties file, for the services `wharf start` runs beside the broker.</summary>
internal static class ServiceSettings
{
    public static Settings ReadFile(FileInfo? file) =>
        file is null ? new Settings()
        : file.Exists ? Settings.FromFile(file.FullName)
        : throw new ConfigurationException("The configuration file " + file.FullName + " does not exist.");
}
