using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Wharf.Bench;

/// <summary>
/// The ceiling of the registry benchmark: Kestrel with the registry's own setup (the slim builder, routing, no
/// server header, the same process settings) answering <c>GET /schemas/ids/{id}</c> and <c>POST /subjects/{s}</c>
/// with fixed bodies, the bytes the registry answered to the same requests. Whatever the registry spends above it
/// is the registry's own work. Run by <c>wharf-bench registry</c> as a child process (the hidden subcommand
/// <c>bare-endpoint</c>), so that, like the registry, it has a process and a garbage collector of its own.
/// </summary>
internal static class BareEndpoint
{
    private const string ContentType = "application/vnd.schemaregistry.v1+json";

    public static Command Command()
    {
        var port = new Option<int>("--port") { Required = true };
        var schemaBody = new Option<FileInfo>("--schema-body") { Description = "The answer to GET /schemas/ids/{id}.", Required = true };
        var lookupBody = new Option<FileInfo>("--lookup-body") { Description = "The answer to POST /subjects/{subject}.", Required = true };
        var command = new Command("bare-endpoint", "The registry benchmark's bare Kestrel endpoint (started by `wharf-bench registry`).")
        {
            port, schemaBody, lookupBody,
        };
        command.Hidden = true;
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(port), result.GetValue(schemaBody)!, result.GetValue(lookupBody)!, cancellationToken));
        return command;
    }

    /// <summary>The child process's settings that the `wharf` executable has in its runtimeconfig (src/Wharf/Wharf.csproj).</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
    };

    private static async Task<int> RunAsync(int port, FileInfo schemaFile, FileInfo lookupFile, CancellationToken cancellationToken)
    {
        var schema = await File.ReadAllBytesAsync(schemaFile.FullName, cancellationToken);
        var lookup = await File.ReadAllBytesAsync(lookupFile.FullName, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "wharf-bench-bare-endpoint" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        await using var app = builder.Build();
        app.UseRouting();
        app.MapGet("/schemas/ids/{id:int}", (HttpContext context, int id) => AnswerAsync(context, schema));
        app.MapPost("/subjects/{subject}", async (HttpContext context, string subject) =>
        {
            // The registry reads the request's schema; the ceiling reads the body too, without parsing it.
            var buffer = new byte[4096];
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
            {
            }

            await AnswerAsync(context, lookup);
        });
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static Task AnswerAsync(HttpContext context, byte[] body)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = ContentType;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
