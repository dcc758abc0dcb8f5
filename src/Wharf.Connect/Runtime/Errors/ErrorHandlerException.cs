using Wharf.Connect.Api;

namespace Wharf.Connect.Runtime.Errors;

/// <summary>
/// The failure error handling did not tolerate: its message is Apache's ("Tolerance exceeded in error handler",
/// "Unhandled exception in error handler"), the cause is the original exception, <see cref="Record"/> says where.
/// </summary>
internal sealed class ErrorHandlerException(string message, Exception cause, FailedRecord record) : ConnectException(message, cause)
{
    public const string ToleranceExceeded = "Tolerance exceeded in error handler";
    public const string Unhandled = "Unhandled exception in error handler";

    public FailedRecord Record { get; } = record;
}
