using System.Collections.Concurrent;
using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Schemas;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Registry;

/// <summary>
/// Turns request schemas and stored schemas into parsed ones: providers chosen by schemaType, references resolved
/// against the stored subject-versions, the original's 42201 answers for what does not parse. Stored schemas are
/// parsed leniently, once per id (their content never changes). Request schemas without references are parsed
/// once per text too: serializers look the same schema up (POST /subjects/{s}) again and again, and parsing it was
/// most of the cost of a lookup (bench/README.md, registry benchmark).
/// </summary>
internal sealed class SchemaParsing(RegistryState state, SchemaProviders providers, SchemaRegistryOptions options)
{
    /// <summary>Bounds of the request cache: its entries, and the longest text kept (a cache of huge schemas would be memory for nothing).</summary>
    private const int MaxCachedRequests = 512;
    private const int MaxCachedTextLength = 64 * 1024;

    private readonly ConcurrentDictionary<(string Context, int Id), IParsedSchema> _stored = new();
    private readonly ConcurrentDictionary<(string SchemaType, string Text, SchemaParseOptions Options, bool Normalize), IParsedSchema> _requests = new();

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

        // Without references the result depends on the text and the options only (references name subject-versions,
        // whose content can change under a hard delete, so those are parsed each time).
        var cacheable = request.References.Count == 0 && request.Schema.Length <= MaxCachedTextLength;
        var key = (schemaType, request.Schema, parseOptions, normalize);
        if (cacheable && _requests.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (!TryResolve(request.References, out var resolved, out var error)
            || !provider.TryParse(request.Schema, resolved, parseOptions, out var parsed, out error))
        {
            throw RegistryErrors.InvalidSchema(
                $"Invalid schema {{subject={subject},version={request.Version ?? 0},id={request.Id ?? -1},schemaType={schemaType},references={Describe(request.References)},metadata=null,ruleSet=null,schema={request.Schema},schemaTags=null}} with refs {Describe(request.References)} of type {schemaType}, details: {error}");
        }

        var result = normalize ? parsed.Normalize() : parsed;
        if (cacheable)
        {
            // Emptied when full rather than kept in order: the working set of a registry's clients is small.
            if (_requests.Count >= MaxCachedRequests)
            {
                _requests.Clear();
            }

            _requests[key] = result;
        }

        return result;
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
