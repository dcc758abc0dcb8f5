using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Generator.Tests;

/// <summary>The generator's output for one .kmsg text: its diagnostics and the sources it added.</summary>
internal sealed class GeneratorRun
{
    private GeneratorRun(ImmutableArray<Diagnostic> diagnostics, ImmutableArray<GeneratedSourceResult> sources)
    {
        Diagnostics = diagnostics;
        Sources = sources;
    }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public ImmutableArray<GeneratedSourceResult> Sources { get; }

    public IEnumerable<string> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));

    public static GeneratorRun Of(string fileName, string kmsg)
    {
        var driver = CSharpGeneratorDriver.Create(
            [new MessagesGenerator().AsSourceGenerator()],
            additionalTexts: [new InMemoryText("/probe/Messages/" + fileName, kmsg)]);
        var result = driver.RunGenerators(CSharpCompilation.Create("Probe")).GetRunResult().Results.Single();
        return new GeneratorRun(result.Diagnostics, result.GeneratedSources);
    }

    /// <summary>
    /// Compiles the codec emitted for <paramref name="fileName"/> against Wharf.Protocol and returns the
    /// compiler's errors and warnings. Only data messages compile alone: an api file's codec also needs its own
    /// ApiKey member, which lives in the ApiKey enum of Wharf.Protocol.
    /// </summary>
    public IEnumerable<string> CompileProblems(string fileName)
    {
        var source = Sources.Single(s => s.HintName == Path.GetFileNameWithoutExtension(fileName) + ".g.cs");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(KafkaReader).Assembly.Location));
        var compilation = CSharpCompilation.Create(
            "ProbeCodec",
            [CSharpSyntaxTree.ParseText(source.SourceText, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString());
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
