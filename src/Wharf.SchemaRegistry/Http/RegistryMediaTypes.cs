using Wharf.Http;

namespace Wharf.SchemaRegistry.Http;

/// <summary>
/// The registry's content types (client rest/Versions.java): answers in application/vnd.schemaregistry.v1+json
/// (preferred), application/vnd.schemaregistry+json (qs 0.9) or application/json (qs 0.5); request bodies in those
/// or application/octet-stream, which is read as JSON so that curl works without a Content-Type.
/// </summary>
public static class RegistryMediaTypes
{
    public const string V1 = "application/vnd.schemaregistry.v1+json";
    public const string Generic = "application/vnd.schemaregistry+json";
    public const string Json = "application/json";
    public const string OctetStream = "application/octet-stream";

    public static readonly IReadOnlyList<MediaTypeOffer> Produces = [new(V1, 1.0), new(Generic, 0.9), new(Json, 0.5)];

    public static readonly IReadOnlyList<string> Consumes = [V1, Generic, Json, OctetStream];

    /// <summary>The answer's content type for this Accept header, or null when none is acceptable (406).</summary>
    public static string? Negotiate(string? accept) => ContentNegotiation.Select(accept, Produces);
}
