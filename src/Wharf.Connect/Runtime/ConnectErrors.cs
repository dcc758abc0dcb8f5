using Wharf.Connect.Api;

namespace Wharf.Connect.Runtime;

/// <summary>A failure the REST API answers with its own status (Apache's ConnectRestException and subclasses).</summary>
internal class ConnectRestException(int status, string message) : ConnectException(message)
{
    public int Status { get; } = status;
}

/// <summary>404: no such connector, task or plugin.</summary>
internal sealed class NotFoundException(string message) : ConnectRestException(404, message);

/// <summary>409: a connector of that name exists.</summary>
internal sealed class AlreadyExistsException(string message) : ConnectRestException(409, message);

/// <summary>400: a request the worker cannot act on (invalid configuration, wrong state).</summary>
internal sealed class BadRequestException(string message) : ConnectRestException(400, message);
