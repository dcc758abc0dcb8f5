using System.Reflection;
using Wharf.Connect.Api.Plugins;

namespace Wharf.Connect.Runtime.Errors;

/// <summary>The name users know a plugin type by: its first Apache-style [PluginName], else its .NET full name (as the plugin registry lists it).</summary>
internal static class PluginClassName
{
    public static string Of(Type type) => type.GetCustomAttributes<PluginNameAttribute>().FirstOrDefault()?.Name ?? type.FullName ?? type.Name;
}
