namespace Wharf.SchemaRegistry.Storage;

/// <summary>The key types of the _schemas topic (Confluent's SchemaRegistryKeyType).</summary>
public enum StoreKeyType
{
    Schema,
    Config,
    Mode,
    Noop,
    DeleteSubject,
    ClearSubject,
    Context,
}

/// <summary>A decoded key of the _schemas topic. <see cref="Subject"/> is null for the global CONFIG and MODE keys.</summary>
public sealed record StoreKey(StoreKeyType Type, string? Subject, int Version = 0);

/// <summary>A decoded record of the _schemas topic; a null value is a tombstone (a hard delete, or a config or mode removed).</summary>
public abstract record StoreValue;

public sealed record SchemaValue(StoredSchema Schema) : StoreValue;

public sealed record ConfigValue(StoredConfig Config) : StoreValue;

public sealed record ModeValue(string Mode) : StoreValue;

/// <summary>DELETE_SUBJECT: versions up to <see cref="Version"/> are soft-deleted.</summary>
public sealed record DeleteSubjectValue(string Subject, int Version) : StoreValue;

/// <summary>CLEAR_SUBJECT: the subject's soft-deleted versions are forgotten.</summary>
public sealed record ClearSubjectValue(string Subject) : StoreValue;

/// <summary>A key and value to write, already encoded.</summary>
public sealed record StoreWrite(byte[] Key, byte[]? Value);
