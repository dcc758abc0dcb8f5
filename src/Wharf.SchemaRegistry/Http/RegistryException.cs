namespace Wharf.SchemaRegistry.Http;

/// <summary>
/// An answer in the registry's error shape, <c>{"error_code", "message"}</c>, with its HTTP status. Thrown while a
/// request is handled and written by <see cref="RegistryPipelineMiddleware"/>; <see cref="RegistryErrors"/> makes
/// every one the original gives, with its code and message.
/// </summary>
public sealed class RegistryException : Exception
{
    public RegistryException(int statusCode, int errorCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public RegistryException()
        : this(500, 500, "Internal Server Error")
    {
    }

    public RegistryException(string message)
        : this(500, 500, message)
    {
    }

    public RegistryException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
        ErrorCode = 500;
    }

    public int StatusCode { get; }

    public int ErrorCode { get; }
}
