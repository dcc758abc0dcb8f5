using System.Reflection;
using System.Runtime.Loader;

namespace Wharf.Connect.Plugins;

/// <summary>
/// Loads the assemblies of one plugin directory in isolation (as Apache's PluginClassLoader does): an assembly
/// the worker already has (the connector API, the framework) is shared, anything else comes from the directory.
/// </summary>
internal sealed class PluginLoadContext(string directory) : AssemblyLoadContext("connect-plugin:" + directory)
{
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(assemblyName, a.GetName())))
        {
            return null;
        }

        var candidate = Path.Combine(directory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
