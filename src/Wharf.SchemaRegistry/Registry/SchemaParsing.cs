using System.Collections.Concurrent;
using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Schemas;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Registry;

/// <summary>
/// Turns request schemas and stored schemas into parsed ones: providers chosen by schemaType, references resolved
/// against the stored subject-versions, the original's 42201 answers for what does not parse. Stored schemas are
/// parsed leniently, once per id (their content never changes).
/// </summary>
internal sealed class SchemaParsing(RegistryState state, SchemaProviders providers, SchemaRegistryOptions options)
{
    private readonly ConcurrentDictionary<(string Context, int Id), IParsedSchema> _stored = new();

    /// <summary>Parses a request's schema; throws the original's 42201 answer when it cannot.</summary>
    public IParsedSchema ParseRequest(string subject, RegisterRequest request, bool isNew, bool normalize)
    {
        var schemaType = request.SchemaType ?? AvroSchemaProvider.Type;
        var provider = providers.Find(schemaType) ?? throw RegistryErrors.InvalidSchema("Invalid schema type " + schemaType);
        if (string.IsNullOrEmpty(request.Schema))
        {
            throw RegistryErrors.InvalidSchema("Empty schema");
        }

        var parseOptions = new SchemaParseOptions(isNew, options.AvroValidateDefaults || normalize);
        if (!TryResolve(request.References, out var resolved, out var error)
            || !provider.TryParse(request.Schema, resolved, parseOptions, out var parsed, out error))
        {
            throw RegistryErrors.InvalidSchema(
                $"Invalid schema {{subject={subject},version={request.Version ?? 0},id={request.Id ?? -1},schemaType={schemaType},references={Describe(request.References)},metadata=null,ruleSet=null,schema={request.Schema},schemaTags=null}} with refs {Describe(request.References)} of type {schemaType}, details: {error}");
        }

        return normalize ? parsed.Normalize() : parsed;
    }

    /// <summary>The parsed form of a stored subject-version (cached by id).</summary>
    public IParsedSchema ParseStored(StoredSchema stored) =>
        _stored.GetOrAdd((stored.Context, stored.Id), _ =>
        {
            var provider = providers.Find(stored.SchemaType) ?? throw new InvalidOperationException("No provider for stored schema type " + stored.SchemaType);
            if (!TryResolve(stored.References, out var resolved, out var error) || !provider.TryParse(stored.Schema, resolved, new SchemaParseOptions(false, false), out var parsed, out error))
            {
                throw new InvalidOperationException($"Stored schema {stored.Id} of {stored.Subject} does not parse: {error}");
            }

            return parsed;
        });

    private bool TryResolve(IReadOnlyList<SchemaReference> references, out List<ResolvedReference> resolved, out string? error)
    {
        resolved = new List<ResolvedReference>(references.Count);
        foreach (var reference in references)
        {
            var target = new VersionSpec(reference.Version).Find(state.Versions(reference.Subject));
            if (target is null)
            {
                error = $"Could not find schema reference {{name='{reference.Name}', subject='{reference.Subject}', version={reference.Version}}}";
                return false;
            }

            resolved.Add(new ResolvedReference(reference.Name, ParseStored(target)));
        }

        error = null;
        return true;
    }

    private static string Describe(IReadOnlyList<SchemaReference> references) =>
        "[" + string.Join(", ", references.Select(r => $"{{name='{r.Name}', subject='{r.Subject}', version={r.Version}}}")) + "]";
}
