namespace Wharf.SchemaRegistry.Client;

/// <summary>A reference as the registry stores it: the name the schema uses for it, and the subject version it is.</summary>
public sealed record SchemaReference(string Name, string Subject, int Version);
