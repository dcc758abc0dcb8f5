using System.Runtime.CompilerServices;
using Wharf.SchemaRegistry.Http;
using Wharf.SchemaRegistry.Storage;

namespace Wharf.SchemaRegistry.Api;

/// <summary>
/// The answers about one stored schema, serialized once: <c>GET /schemas/ids/{id}</c> (without fetchMaxId) and the
/// subject-version of <c>GET /subjects/{s}/versions/{v}</c> and of the lookup <c>POST /subjects/{s}</c>. Serializers
/// and deserializers ask these again and again for the same few schemas, whose content never changes, and escaping
/// the schema text into a JSON string was most of each request's cost (bench/README.md, registry benchmark).
/// Entries are keyed by the state's own immutable objects, so each lives as long as the state holds its schema.
/// </summary>
internal sealed class AnswerCache
{
    private readonly ConditionalWeakTable<SchemaIdentity, byte[]> _schemaStrings = new();
    private readonly ConditionalWeakTable<StoredSchema, byte[]> _versions = new();

    /// <summary>SchemaString without maxId.</summary>
    public byte[] SchemaString(SchemaIdentity identity) =>
        _schemaStrings.GetValue(identity, i => RegistryAnswers.Serialize(w => EntityJson.SchemaString(w, i, null)).ToArray());

    /// <summary>The Schema entity of a subject-version.</summary>
    public byte[] Version(StoredSchema stored) =>
        _versions.GetValue(stored, s => RegistryAnswers.Serialize(w => EntityJson.Schema(w, s)).ToArray());
}
