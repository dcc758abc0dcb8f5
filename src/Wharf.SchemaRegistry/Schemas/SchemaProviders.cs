namespace Wharf.SchemaRegistry.Schemas;

/// <summary>The schema types this registry serves, by name (what GET /schemas/types lists).</summary>
public sealed class SchemaProviders
{
    private readonly Dictionary<string, ISchemaProvider> _byType;

    public SchemaProviders(IEnumerable<ISchemaProvider> providers)
    {
        _byType = providers.ToDictionary(p => p.SchemaType, StringComparer.Ordinal);
    }

    /// <summary>AVRO, JSON and PROTOBUF, as Confluent's default schema.providers.</summary>
    public static SchemaProviders Default { get; } = new([new AvroSchemaProvider(), new JsonSchemaProvider(), new ProtobufSchemaProvider()]);

    public IReadOnlyCollection<string> Types => _byType.Keys;

    /// <summary>The provider of a schemaType, matched exactly as Confluent's provider map does ("avro" is not a type).</summary>
    public ISchemaProvider? Find(string schemaType) => _byType.GetValueOrDefault(schemaType);
}
