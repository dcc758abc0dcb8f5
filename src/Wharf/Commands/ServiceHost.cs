using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Configuration;

namespace Wharf.Commands;

/// <summary>What a command's services made of the settings: the given keys none of them reads, and every key they know.</summary>
internal sealed record SettingsUse(IReadOnlyList<string> UnknownKeys, IReadOnlyCollection<string> KnownKeys)
{
    /// <summary>Other properties files a command read (<c>wharf start</c>'s per-service files) and their keys nothing uses.</summary>
    public IReadOnlyList<(string File, IReadOnlyList<string> UnknownKeys)> OtherFiles { get; init; } = [];
}

/// <summary>
/// Builds and runs the generic host for a command: console logging, clean stop on Ctrl-C / SIGTERM. Bad settings
/// end the command with exit code 2 and one line on standard error, a service that cannot start (port taken, data
/// directory locked or not writable) with exit code 1 and one line; neither prints a stack trace.
/// </summary>
internal static partial class ServiceHost
{
    public static async Task<int> RunAsync(ParseResult result, CommonOptions common, Func<IServiceCollection, Settings, string, SettingsUse> addServices, CancellationToken cancellationToken)
    {
        CommandLineSettings input;
        try
        {
            input = common.ReadSettings(result);
        }
        catch (ConfigurationException exception)
        {
            await Console.Error.WriteLineAsync("wharf: " + exception.Message);
            return 2;
        }

        var dataDirectory = result.GetValue(common.DataDir)!.FullName;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "wharf" });
        builder.Logging.SetMinimumLevel(result.GetValue(common.LogLevel));
        builder.Logging.AddFilter("Microsoft", Microsoft.Extensions.Logging.LogLevel.Warning);

        // A service that cannot start (port taken, data directory locked) is reported below in one line;
        // the host's own log of the same failure would only add a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", Microsoft.Extensions.Logging.LogLevel.None);
        if (result.GetValue(common.JsonLogs))
        {
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ");
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
                o.UseUtcTimestamp = false;
            });
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        try
        {
            var use = addServices(builder.Services, input.Settings, dataDirectory);

            // A key typed on the command line that nothing reads is a mistake (a typo, or another product's key):
            // refuse it. Keys of a properties file are only warned about, as Kafka does, so that a server.properties
            // written for Kafka (with keys for features one embedded node lacks) still starts the broker.
            var unknownOverrides = use.UnknownKeys.Where(input.OverrideKeys.Contains).ToList();
            if (unknownOverrides.Count > 0)
            {
                await Console.Error.WriteLineAsync("wharf: " + UnknownKeysMessage(unknownOverrides, use.KnownKeys));
                return 2;
            }

            using var host = builder.Build();
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Wharf");
            var ignored = use.UnknownKeys.Where(key => !input.OverrideKeys.Contains(key)).ToList();
            if (ignored.Count > 0)
            {
                IgnoringUnknownKeys(logger, input.File ?? "the configuration", string.Join(", ", ignored));
            }

            foreach (var (file, unknown) in use.OtherFiles.Where(other => other.UnknownKeys.Count > 0))
            {
                IgnoringUnknownKeys(logger, file, string.Join(", ", unknown));
            }

            await host.RunAsync(cancellationToken);
            return 0;
        }
        catch (ConfigurationException exception)
        {
            await Console.Error.WriteLineAsync("wharf: " + exception.Message);
            return 2;
        }
        catch (IOException exception)
        {
            await Console.Error.WriteLineAsync("wharf: could not start: " + exception.Message);
            return 1;
        }
        catch (UnauthorizedAccessException exception)
        {
            await Console.Error.WriteLineAsync("wharf: could not start: " + exception.Message);
            return 1;
        }
    }

    /// <summary>"unknown configuration key num.partiton (did you mean num.partitions?)", one line for any number of keys.</summary>
    private static string UnknownKeysMessage(List<string> keys, IReadOnlyCollection<string> knownKeys)
    {
        var described = keys.Select(key => KeySuggestions.Closest(key, knownKeys) is { } suggestion ? key + " (did you mean " + suggestion + "?)" : key);
        return (keys.Count == 1 ? "unknown configuration key " : "unknown configuration keys ") + string.Join(", ", described)
            + " given with --override; Wharf does not use " + (keys.Count == 1 ? "it." : "them.");
    }

    [LoggerMessage(1, LogLevel.Warning, "Ignoring keys of {File} that Wharf does not use: {Keys}")]
    private static partial void IgnoringUnknownKeys(ILogger logger, string file, string keys);
}
