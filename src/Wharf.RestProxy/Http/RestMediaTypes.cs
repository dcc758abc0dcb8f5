using Wharf.Http;

namespace Wharf.RestProxy.Http;

/// <summary>
/// Endpoint metadata: the request content types an endpoint consumes and the response types it produces, the
/// equivalent of JAX-RS @Consumes / @Produces in the original. v1 types are accepted wherever their v2
/// counterparts are, so the legacy v1 flows keep working; a v1 request is answered with a v1 content type.
/// </summary>
public sealed class RestMediaTypes(IReadOnlyList<string> consumes, IReadOnlyList<MediaTypeOffer> produces)
{
    public const double Preferred = 1.0;
    public const double Standard = 0.9;
    public const double Low = 0.1;

    /// <summary>rest-utils' response.mediatype.preferred, for answers given before an endpoint is chosen.</summary>
    private static readonly MediaTypeOffer[] ErrorTypes = [new(MediaType.Json, 1), new("application/vnd.kafka.v2+json", 1)];

    private static readonly EmbeddedFormat[] SchemaFormats = [EmbeddedFormat.Avro, EmbeddedFormat.JsonSchema, EmbeddedFormat.Protobuf];

    /// <summary>Request content types, compared without parameters; empty means any (JAX-RS's empty @Consumes).</summary>
    public IReadOnlyList<string> Consumes { get; } = consumes;

    public IReadOnlyList<MediaTypeOffer> Produces { get; } = produces;

    /// <summary>The content type of an error answered outside any endpoint (404 route, 405, 415): application/json unless the client prefers vnd.kafka.v2+json.</summary>
    public static string ErrorContentType(string? acceptHeader) => ContentNegotiation.Select(acceptHeader, ErrorTypes) ?? MediaType.Json;

    /// <summary>GET metadata, the root resource: takes and answers application/vnd.kafka.v2+json (or v1).</summary>
    public static RestMediaTypes Metadata { get; } = new([.. Versions(EmbeddedFormat.None)], [.. Offers(EmbeddedFormat.None, Standard)]);

    /// <summary>GET /brokers: as <see cref="Metadata"/>, but any request content type (the original's @Consumes()).</summary>
    public static RestMediaTypes Brokers { get; } = new([], [.. Offers(EmbeddedFormat.None, Standard)]);

    /// <summary>Produce: the body names its embedded format; the answer is application/vnd.kafka.v2+json.</summary>
    public static RestMediaTypes Produce { get; } = new(
        [.. EmbeddedFormats().SelectMany(Versions)],
        [.. Offers(EmbeddedFormat.None, Standard)]);

    /// <summary>Consumer management: any v2 type in, application/vnd.kafka.v2+json preferred out.</summary>
    public static RestMediaTypes Consumers { get; } = new(
        [.. Versions(EmbeddedFormat.None), .. EmbeddedFormats().SelectMany(Versions)],
        [.. Offers(EmbeddedFormat.None, Standard), .. EmbeddedFormats().SelectMany(f => Offers(f, Low))]);

    /// <summary>
    /// Reading records: binary is preferred (qs 1), then the generic type, then the other formats; the chosen
    /// type must name the consumer's format (error 40601 otherwise).
    /// </summary>
    public static RestMediaTypes Records { get; } = new(
        [],
        [.. Offers(EmbeddedFormat.Binary, Preferred), .. Offers(EmbeddedFormat.None, Standard), .. EmbeddedFormats().Where(f => f != EmbeddedFormat.Binary).SelectMany(f => Offers(f, Low))]);

    public static bool IsSchemaFormat(EmbeddedFormat format) => SchemaFormats.Contains(format);

    private static IEnumerable<EmbeddedFormat> EmbeddedFormats() =>
        [EmbeddedFormat.Binary, EmbeddedFormat.Json, EmbeddedFormat.Avro, EmbeddedFormat.JsonSchema, EmbeddedFormat.Protobuf];

    private static IEnumerable<string> Versions(EmbeddedFormat format) =>
        [new MediaType(format, 2).ToString(), new MediaType(format, 1).ToString()];

    private static IEnumerable<MediaTypeOffer> Offers(EmbeddedFormat format, double quality) =>
        Versions(format).Select(type => new MediaTypeOffer(type, quality));
}
