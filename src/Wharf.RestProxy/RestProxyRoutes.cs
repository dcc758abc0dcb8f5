using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wharf.RestProxy.Http;
using Wharf.RestProxy.Metadata;
using Wharf.RestProxy.Produce;

namespace Wharf.RestProxy;

/// <summary>The route table of the v2 API (and the legacy v1 flows), each route with its content types.</summary>
internal static class RestProxyRoutes
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var metadata = routes.ServiceProvider.GetRequiredService<MetadataEndpoints>();
        var produce = routes.ServiceProvider.GetRequiredService<ProduceEndpoint>();

        routes.MapGet("/", MetadataEndpoints.RootAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapPost("/", MetadataEndpoints.RootAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapGet("/topics", metadata.TopicsAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapGet("/topics/{topic}", metadata.TopicAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapGet("/topics/{topic}/partitions", metadata.PartitionsAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapGet("/topics/{topic}/partitions/{partition:int}", metadata.PartitionAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapGet("/topics/{topic}/partitions/{partition:int}/offsets", metadata.OffsetsAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapGet("/brokers", metadata.BrokersAsync).WithMetadata(RestMediaTypes.Metadata);

        routes.MapPost("/topics/{topic}", produce.ToTopicAsync).WithMetadata(RestMediaTypes.Produce);
        routes.MapPost("/topics/{topic}/partitions/{partition:int}", produce.ToPartitionAsync).WithMetadata(RestMediaTypes.Produce);
    }
}
