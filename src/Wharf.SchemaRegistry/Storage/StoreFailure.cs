namespace Wharf.SchemaRegistry.Storage;

/// <summary>Why a write to the _schemas topic did not complete.</summary>
public enum StoreFailureKind
{
    /// <summary>Kafka refused or failed the write (the original's 50001).</summary>
    Store,
    /// <summary>The write was not read back within kafkastore.timeout.ms (50002); it may still land.</summary>
    Timeout,
    /// <summary>The record is larger than the cluster or producer accepts (42209).</summary>
    TooLarge,
}

/// <summary>A write to the _schemas topic failed; the operation answers with its own message for <see cref="Kind"/>.</summary>
public sealed class StoreFailureException : Exception
{
    public StoreFailureException(StoreFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public StoreFailureException()
    {
    }

    public StoreFailureException(string message)
        : base(message)
    {
    }

    public StoreFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreFailureKind Kind { get; }
}
