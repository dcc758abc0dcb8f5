using System.Reflection;
using Microsoft.Extensions.Logging;
using Wharf.Connect.Api.Connectors;
using Wharf.Connect.Api.Plugins;
using Wharf.Connect.Logging;

namespace Wharf.Connect.Plugins;

/// <summary>
/// Finds connector, converter, transformation and predicate classes in the given assemblies and in the
/// directories of <c>plugin.path</c> (each .dll there, or in a subdirectory, one load context per directory).
/// The plugin directories are scanned again whenever a name is not found or the plugins are listed, so plugins
/// copied there while the worker runs are found without a restart. A plugin is found by its .NET full name, its
/// <see cref="PluginNameAttribute"/> names, the simple forms of those (after the last '.'), and the simple form
/// without its kind suffix ("FileStreamSource" for FileStreamSourceConnector), unless such an alias is ambiguous
/// (Apache's PluginUtils.computeAliases).
/// </summary>
internal sealed class PluginRegistry
{
    private readonly Lock _lock = new();
    private readonly IReadOnlyList<string> _pluginPaths;
    private readonly ILogger _logger;
    private readonly HashSet<string> _loadedFiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PluginLoadContext> _contexts = new(StringComparer.Ordinal);
    private readonly List<PluginDescriptor> _plugins = [];
    private Dictionary<string, PluginDescriptor> _byName = new(StringComparer.Ordinal);

    public PluginRegistry(IEnumerable<Assembly> assemblies, IReadOnlyList<string> pluginPaths, ILogger logger)
    {
        _pluginPaths = pluginPaths;
        _logger = logger;
        foreach (var assembly in assemblies.Append(typeof(PluginRegistry).Assembly).Distinct())
        {
            AddAssembly(assembly);
        }

        ScanPluginPaths();
        Index();
    }

    public IReadOnlyList<PluginDescriptor> All
    {
        get
        {
            lock (_lock)
            {
                if (ScanPluginPaths())
                {
                    Index();
                }

                return _plugins.ToList();
            }
        }
    }

    /// <summary>The plugin called <paramref name="name"/> whose kind is one of <paramref name="kinds"/>, or null.</summary>
    public PluginDescriptor? Find(string name, params PluginKind[] kinds)
    {
        lock (_lock)
        {
            if (Lookup(name, kinds) is { } found)
            {
                return found;
            }

            if (ScanPluginPaths())
            {
                Index();
            }

            return Lookup(name, kinds);
        }
    }

    /// <summary>A new instance of a plugin type (public parameterless constructor, checked when it was indexed).</summary>
    public static T Create<T>(PluginDescriptor plugin) => (T)Activator.CreateInstance(plugin.Type)!;

    private PluginDescriptor? Lookup(string name, PluginKind[] kinds) =>
        _byName.TryGetValue(name.Trim(), out var plugin) && kinds.Contains(plugin.Kind) ? plugin : null;

    /// <summary>Loads the .dll files of the plugin directories not loaded yet; true when any was.</summary>
    private bool ScanPluginPaths()
    {
        var added = false;
        foreach (var root in _pluginPaths.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!_loadedFiles.Add(file))
                {
                    continue;
                }

                var directory = Path.GetDirectoryName(file)!;
                if (!_contexts.TryGetValue(directory, out var context))
                {
                    context = new PluginLoadContext(directory);
                    _contexts[directory] = context;
                }

                try
                {
                    var assembly = context.Assemblies.FirstOrDefault(a => string.Equals(a.Location, file, StringComparison.Ordinal))
                        ?? context.LoadFromAssemblyPath(file);
                    added |= AddAssembly(assembly);
                }
                catch (BadImageFormatException exception)
                {
                    ConnectLog.PluginNotLoaded(_logger, file, exception.Message);
                }
                catch (FileLoadException exception)
                {
                    ConnectLog.PluginNotLoaded(_logger, file, exception.Message);
                }
            }
        }

        return added;
    }

    private bool AddAssembly(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            types = exception.Types.Where(t => t is not null).Select(t => t!).ToArray();
        }
        catch (FileNotFoundException exception)
        {
            ConnectLog.PluginNotLoaded(_logger, assembly.Location, exception.Message);
            return false;
        }

        var added = false;
        foreach (var type in types)
        {
            if (type.IsAbstract || type.IsInterface || type.GetConstructor(Type.EmptyTypes) is null || KindOf(type) is not { } kind)
            {
                continue;
            }

            var className = type.GetCustomAttributes<PluginNameAttribute>().FirstOrDefault()?.Name ?? type.FullName!;
            var version = typeof(Connector).IsAssignableFrom(type) ? Create<Connector>(new PluginDescriptor(className, type, kind, string.Empty)).Version : PluginVersion.Of(type);
            _plugins.Add(new PluginDescriptor(className, type, kind, version));
            ConnectLog.PluginFound(_logger, className, kind.ToRestName(), assembly.GetName().Name ?? assembly.FullName ?? string.Empty);
            added = true;
        }

        return added;
    }

    private void Index()
    {
        var names = new Dictionary<string, List<PluginDescriptor>>(StringComparer.Ordinal);
        foreach (var plugin in _plugins)
        {
            foreach (var alias in Aliases(plugin))
            {
                if (!names.TryGetValue(alias, out var list))
                {
                    names[alias] = list = [];
                }

                if (!list.Contains(plugin))
                {
                    list.Add(plugin);
                }
            }
        }

        // An alias shared by two plugins names neither (the full names still work).
        _byName = names.Where(kv => kv.Value.Count == 1).ToDictionary(kv => kv.Key, kv => kv.Value[0], StringComparer.Ordinal);
    }

    private static IEnumerable<string> Aliases(PluginDescriptor plugin)
    {
        var fullNames = plugin.Type.GetCustomAttributes<PluginNameAttribute>().Select(a => a.Name).Append(plugin.Type.FullName!).Distinct();
        foreach (var full in fullNames)
        {
            yield return full;
            var simple = full[(full.LastIndexOf('.') + 1)..];
            yield return simple;
            var suffix = plugin.Kind switch
            {
                PluginKind.Source or PluginKind.Sink => "Connector",
                PluginKind.Converter => "Converter",
                PluginKind.Transformation => "Transformation",
                _ => "Predicate",
            };
            if (simple.EndsWith(suffix, StringComparison.Ordinal) && simple.Length > suffix.Length)
            {
                yield return simple[..^suffix.Length];
            }
        }
    }

    private static PluginKind? KindOf(Type type) =>
        typeof(SourceConnector).IsAssignableFrom(type) ? PluginKind.Source
        : typeof(SinkConnector).IsAssignableFrom(type) ? PluginKind.Sink
        : typeof(IConverter).IsAssignableFrom(type) ? PluginKind.Converter
        : typeof(ITransformation).IsAssignableFrom(type) ? PluginKind.Transformation
        : typeof(IPredicate).IsAssignableFrom(type) ? PluginKind.Predicate
        : null;
}
