using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Wharf.Protocol.Generator;

/// <summary>
/// Compiles every Messages/*.kmsg file of the project into codec classes, and all of them together into the
/// <c>ApiKey</c> enum and the <c>KafkaApis</c> table the broker advertises from.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MessagesGenerator : IIncrementalGenerator
{
    private static readonly DiagnosticDescriptor InvalidDefinition = new(
        id: "WHARF001",
        title: "Invalid message definition",
        messageFormat: "{0}",
        category: "Wharf.Protocol",
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".kmsg", System.StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) =>
            {
                var content = text.GetText(cancellationToken)?.ToString() ?? string.Empty;
                var file = MessageDefinitionParser.Parse(text.Path, content, out var errors);
                return new ParsedFile(text.Path, file, errors.ToImmutableArray());
            });

        context.RegisterSourceOutput(files, static (spc, parsed) =>
        {
            foreach (var error in parsed.Errors)
            {
                Report(spc, error);
            }

            if (parsed.Errors.Length > 0)
            {
                return;
            }

            var fileName = Path.GetFileName(parsed.Path);
            var source = CodecEmitter.Emit(parsed.File, fileName);
            spc.AddSource(Path.GetFileNameWithoutExtension(parsed.Path) + ".g.cs", SourceText.From(source, Encoding.UTF8));
        });

        context.RegisterSourceOutput(files.Collect(), static (spc, all) =>
        {
            var apis = all.Where(f => f.File.Api is not null).Select(f => f.File.Api!).OrderBy(a => a.Key).ToList();
            foreach (var duplicate in apis.GroupBy(a => a.Key).Where(g => g.Count() > 1))
            {
                spc.ReportDiagnostic(Diagnostic.Create(InvalidDefinition, Location.None, "api key " + duplicate.Key + " is declared by more than one .kmsg file"));
            }

            spc.AddSource("KafkaApis.g.cs", SourceText.From(ApiTableEmitter.Emit(apis), Encoding.UTF8));
        });
    }

    private static void Report(SourceProductionContext spc, ParseError error)
    {
        var line = System.Math.Max(0, error.Line - 1);
        var span = new LinePositionSpan(new LinePosition(line, 0), new LinePosition(line, 0));
        var location = Location.Create(error.Path, new TextSpan(0, 0), span);
        spc.ReportDiagnostic(Diagnostic.Create(InvalidDefinition, location, error.Message));
    }

    private sealed class ParsedFile
    {
        public ParsedFile(string path, MessageFile file, ImmutableArray<ParseError> errors)
        {
            Path = path;
            File = file;
            Errors = errors;
        }

        public string Path { get; }

        public MessageFile File { get; }

        public ImmutableArray<ParseError> Errors { get; }
    }
}
