namespace Wharf.Protobuf.Tests;

internal static class Schemas
{
    public static ProtobufSchema Parse(string text, IReadOnlyDictionary<string, string>? references = null)
    {
        Assert.True(ProtobufSchema.TryParse(text, references, out var schema, out var error), error);
        return schema;
    }
}
