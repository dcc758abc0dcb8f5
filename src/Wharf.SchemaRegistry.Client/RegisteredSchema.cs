namespace Wharf.SchemaRegistry.Client;

/// <summary>A schema as the registry keeps it: its id, type (AVRO, JSON, PROTOBUF), text and the schemas it references.</summary>
public sealed record RegisteredSchema(int Id, string SchemaType, string Schema)
{
    public const string Avro = "AVRO";

    public const string Json = "JSON";

    public const string Protobuf = "PROTOBUF";

    /// <summary>The other schemas this one names (an Avro named type, a <c>$ref</c>, a .proto import), as registered with it.</summary>
    public IReadOnlyList<SchemaReference> References { get; init; } = [];
}
