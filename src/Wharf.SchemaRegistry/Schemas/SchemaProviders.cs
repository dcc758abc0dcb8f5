namespace Wharf.SchemaRegistry.Schemas;

/// <summary>The schema types this registry serves, by name (what GET /schemas/types lists, in the order given).</summary>
public sealed class SchemaProviders
{
    private readonly List<ISchemaProvider> _providers;

    public SchemaProviders(IEnumerable<ISchemaProvider> providers)
    {
        _providers = providers.ToList();
    }

    /// <summary>
    /// JSON, PROTOBUF and AVRO, in the order Confluent lists them: its provider map is a java.util.HashMap, whose
    /// iteration order for these three keys is JSON, PROTOBUF, AVRO (clients treat the list as a set).
    /// </summary>
    public static SchemaProviders Default { get; } = new([new JsonSchemaProvider(), new ProtobufSchemaProvider(), new AvroSchemaProvider()]);

    public IReadOnlyList<string> Types => _providers.Select(p => p.SchemaType).ToList();

    /// <summary>The provider of a schemaType, matched exactly as Confluent's provider map does ("avro" is not a type).</summary>
    public ISchemaProvider? Find(string schemaType) => _providers.Find(p => p.SchemaType == schemaType);
}
