using System.CommandLine;
using Microsoft.Extensions.Logging;
using Wharf.Configuration;

namespace Wharf.Commands;

/// <summary>Options every service command shares: where state lives, a properties file, overrides, logging.</summary>
internal sealed class CommonOptions(string configDescription = "A properties file with the original's keys (server.properties for the broker).")
{
    public Option<DirectoryInfo> DataDir { get; } = new("--data-dir")
    {
        Description = "Directory holding all of Wharf's state (broker logs, offsets files).",
        DefaultValueFactory = _ => new DirectoryInfo("data"),
    };

    public Option<FileInfo?> Config { get; } = new("--config", "-c")
    {
        Description = configDescription,
    };

    public Option<string[]> Overrides { get; } = new("--override", "-o")
    {
        Description = "key=value, overriding the properties file (repeatable), e.g. -o listeners=PLAINTEXT://127.0.0.1:9093",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<LogLevel> LogLevel { get; } = new("--log-level")
    {
        Description = "Least severe log level written to the console.",
        DefaultValueFactory = _ => Microsoft.Extensions.Logging.LogLevel.Information,
    };

    public Option<bool> JsonLogs { get; } = new("--json-logs")
    {
        Description = "Write logs as JSON lines instead of text.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(DataDir);
        command.Options.Add(Config);
        command.Options.Add(Overrides);
        command.Options.Add(LogLevel);
        command.Options.Add(JsonLogs);
    }

    /// <summary>The properties file (if any) with the command-line overrides on top, and which keys came from where.</summary>
    public CommandLineSettings ReadSettings(ParseResult result)
    {
        var file = result.GetValue(Config);
        if (file is not null && !file.Exists)
        {
            throw new ConfigurationException("The configuration file " + file.FullName + " does not exist.");
        }

        var settings = file is null ? new Settings() : Settings.FromFile(file.FullName);
        var overrides = new List<KeyValuePair<string, string>>();
        foreach (var pair in result.GetValue(Overrides) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ConfigurationException("--override expects key=value, got '" + pair + "'.");
            }

            overrides.Add(new(pair[..equals].Trim(), pair[(equals + 1)..].Trim()));
        }

        return new CommandLineSettings(settings.With(overrides), overrides.Select(o => o.Key).ToHashSet(StringComparer.Ordinal), file?.FullName);
    }
}

/// <summary>The settings of a command, the keys given with --override, and the properties file they override.</summary>
internal sealed record CommandLineSettings(Settings Settings, IReadOnlySet<string> OverrideKeys, string? File);
