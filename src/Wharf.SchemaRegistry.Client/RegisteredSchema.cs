namespace Wharf.SchemaRegistry.Client;

/// <summary>A schema as the registry keeps it: its id, type (AVRO, JSON, PROTOBUF) and text.</summary>
public sealed record RegisteredSchema(int Id, string SchemaType, string Schema)
{
    public const string Avro = "AVRO";

    public const string Json = "JSON";

    public const string Protobuf = "PROTOBUF";
}
