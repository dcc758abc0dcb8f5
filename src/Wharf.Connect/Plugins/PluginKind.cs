namespace Wharf.Connect.Plugins;

/// <summary>The kinds of plugin the worker loads; the REST API names them in lower case ("source", "header_converter").</summary>
internal enum PluginKind
{
    Source,
    Sink,
    Converter,
    Transformation,
    Predicate,
}

internal static class PluginKinds
{
    public static string ToRestName(this PluginKind kind) => kind.ToString().ToLowerInvariant();
}

/// <summary>A plugin found by the registry: its class name as users write it, its .NET type, kind and version.</summary>
internal sealed record PluginDescriptor(string ClassName, Type Type, PluginKind Kind, string Version);
