namespace Wharf.RestProxy.Http;

/// <summary>What the pipeline learned about a request before its handler runs.</summary>
public sealed class RestRequest
{
    /// <summary>The negotiated response content type (also used for the handler's errors).</summary>
    public required string ResponseContentType { get; init; }

    /// <summary>The request's content type, when it is a vnd.kafka type.</summary>
    public MediaType? RequestMediaType { get; init; }

    /// <summary>The API version the client speaks: 1 when it used a v1 content type, else 2.</summary>
    public int ApiVersion => RequestMediaType?.ApiVersion ?? (MediaType.TryParse(ResponseContentType, out var response) ? response.ApiVersion : 2);
}

public static class RestRequestExtensions
{
    public static RestRequest Rest(this HttpContext context) =>
        context.Features.Get<RestRequest>() ?? throw new InvalidOperationException("The REST pipeline did not run for this endpoint.");
}
