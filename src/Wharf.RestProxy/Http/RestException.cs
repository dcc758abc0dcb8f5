namespace Wharf.RestProxy.Http;

/// <summary>
/// An answer in the REST Proxy's error shape, <c>{"error_code", "message"}</c>, with its HTTP status. Thrown from
/// request handling and written by <see cref="RestPipelineMiddleware"/>; the message is the user's to read.
/// </summary>
public sealed class RestException : Exception
{
    public RestException(int statusCode, int errorCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public RestException()
        : this(500, RestErrorCodes.InternalServerError, "Internal Server Error")
    {
    }

    public RestException(string message)
        : this(500, RestErrorCodes.InternalServerError, message)
    {
    }

    public RestException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
        ErrorCode = RestErrorCodes.InternalServerError;
    }

    public int StatusCode { get; }

    public int ErrorCode { get; }

    public static RestException BadRequest(string detail) => new(400, RestErrorCodes.BadRequest, "Bad Request: " + detail);

    /// <summary>Malformed JSON, or JSON of the wrong shape: 400 with the parser's message as is (rest-utils' Json*ExceptionMappers).</summary>
    public static RestException MalformedJson(string message) => new(400, RestErrorCodes.BadRequest, message);

    public static RestException Unprocessable(string message) => new(422, RestErrorCodes.Unprocessable, message);

    public static RestException ConsumerNotFound() => new(404, RestErrorCodes.ConsumerInstanceNotFound, "Consumer instance not found.");

    public static RestException TopicNotFound(string topic) => new(404, RestErrorCodes.UnknownTopicOrPartition, "This server does not host this topic-partition.");

    public static RestException PartitionNotFound() => new(404, RestErrorCodes.PartitionNotFound, "Partition not found.");

    public static RestException IllegalState(string detail) => new(409, RestErrorCodes.IllegalConsumerState, "Illegal state: " + detail);
}
