namespace Wharf.SchemaRegistry.Client;

/// <summary>
/// The registry refused a request (<see cref="ErrorCode"/> and message from its error body, e.g. 40403 schema not
/// found, 409 incompatible), or could not be reached (<see cref="Status"/> 0, error code -1).
/// </summary>
public sealed class SchemaRegistryException : Exception
{
    public const int Unreachable = -1;

    /// <summary>40401: the subject does not exist.</summary>
    public const int SubjectNotFound = 40401;

    /// <summary>40403: no such schema (by id, or under a subject).</summary>
    public const int SchemaNotFound = 40403;

    public SchemaRegistryException(int status, int errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public SchemaRegistryException()
    {
    }

    public SchemaRegistryException(string message)
        : base(message)
    {
    }

    public SchemaRegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Status { get; }

    public int ErrorCode { get; } = Unreachable;

    public bool IsNotFound => ErrorCode is SubjectNotFound or SchemaNotFound;
}
