using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Configuration;

namespace Wharf.Commands;

/// <summary>Builds and runs the generic host for a command: console logging, clean stop on Ctrl-C / SIGTERM.</summary>
internal static class ServiceHost
{
    public static async Task<int> RunAsync(ParseResult result, CommonOptions common, Action<IServiceCollection, Settings, string> addServices, CancellationToken cancellationToken)
    {
        Settings settings;
        try
        {
            settings = common.ReadSettings(result);
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
            addServices(builder.Services, settings, dataDirectory);
            using var host = builder.Build();
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
    }
}
