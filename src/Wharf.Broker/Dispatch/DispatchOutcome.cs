using Wharf.Protocol.Messages;

namespace Wharf.Broker.Dispatch;

/// <summary>How a request ended: a response to send, nothing to send, or a reason to close the connection.</summary>
public readonly record struct DispatchOutcome(IKafkaMessage? Response, string? CloseReason)
{
    public static DispatchOutcome NoResponse => default;

    public static DispatchOutcome Respond(IKafkaMessage response) => new(response, null);

    public static DispatchOutcome Close(string reason) => new(null, reason);
}
