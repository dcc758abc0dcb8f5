using Wharf.SchemaRegistry.Registry;

namespace Wharf.SchemaRegistry.Storage;

/// <summary>A schema reference as registered: the name the schema uses, and the subject-version it points at.</summary>
public sealed record SchemaReference(string Name, string Subject, int Version);

/// <summary>One subject-version as the _schemas topic holds it (a SCHEMA record's value).</summary>
public sealed record StoredSchema(string Subject, int Version, int Id, string SchemaType, string Schema, IReadOnlyList<SchemaReference> References, bool Deleted)
{
    public string Context => QualifiedSubject.ContextOf(Subject);

    /// <summary>What makes two registrations the same schema: type, canonical text and references (Confluent hashes these with MD5).</summary>
    public SchemaIdentity Identity => new(SchemaType, Schema, References);
}

/// <summary>The content a schema id stands for. Equal identities get the same id within a context.</summary>
public sealed record SchemaIdentity(string SchemaType, string Schema, IReadOnlyList<SchemaReference> References)
{
    public bool Equals(SchemaIdentity? other) =>
        other is not null && SchemaType == other.SchemaType && Schema == other.Schema && References.SequenceEqual(other.References);

    public override int GetHashCode() => HashCode.Combine(SchemaType, Schema, References.Count);
}

/// <summary>A compatibility config (CONFIG record): the level and Confluent's normalize flag, either of which may be unset.</summary>
public sealed record StoredConfig(string? CompatibilityLevel, bool? Normalize);
