using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wharf.RestProxy.Consumers;
using Wharf.RestProxy.Http;
using Wharf.RestProxy.Metadata;
using Wharf.RestProxy.Produce;

namespace Wharf.RestProxy;

/// <summary>The route table of the v2 API (and the legacy v1 flows), each route with its content types.</summary>
internal static class RestProxyRoutes
{
    /// <summary>JAX-RS answers HEAD for every GET resource (the headers of the GET, no body); so does Wharf.</summary>
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(IEndpointRouteBuilder routes)
    {
        var metadata = routes.ServiceProvider.GetRequiredService<MetadataEndpoints>();
        var produce = routes.ServiceProvider.GetRequiredService<ProduceEndpoint>();
        var consumers = routes.ServiceProvider.GetRequiredService<ConsumerEndpoints>();

        routes.MapMethods("/", GetOrHead, MetadataEndpoints.RootAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapPost("/", MetadataEndpoints.RootPostAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapMethods("/topics", GetOrHead, metadata.TopicsAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapMethods("/topics/{topic}", GetOrHead, metadata.TopicAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapMethods("/topics/{topic}/partitions", GetOrHead, metadata.PartitionsAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapMethods("/topics/{topic}/partitions/{partition:int}", GetOrHead, metadata.PartitionAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapMethods("/topics/{topic}/partitions/{partition:int}/offsets", GetOrHead, metadata.OffsetsAsync).WithMetadata(RestMediaTypes.Metadata);
        routes.MapMethods("/brokers", GetOrHead, metadata.BrokersAsync).WithMetadata(RestMediaTypes.Brokers);

        routes.MapPost("/topics/{topic}", produce.ToTopicAsync).WithMetadata(RestMediaTypes.Produce);
        routes.MapPost("/topics/{topic}/partitions/{partition:int}", produce.ToPartitionAsync).WithMetadata(RestMediaTypes.Produce);

        const string Instance = "/consumers/{group}/instances/{instance}";
        routes.MapPost("/consumers/{group}", consumers.CreateAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapDelete(Instance, consumers.DeleteAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapPost(Instance + "/subscription", consumers.SubscribeAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapGet(Instance + "/subscription", consumers.SubscriptionAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapDelete(Instance + "/subscription", consumers.UnsubscribeAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapPost(Instance + "/assignments", consumers.AssignAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapGet(Instance + "/assignments", consumers.AssignmentsAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapPost(Instance + "/positions", consumers.SeekAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapPost(Instance + "/positions/beginning", consumers.SeekToBeginningAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapPost(Instance + "/positions/end", consumers.SeekToEndAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapPost(Instance + "/offsets", consumers.CommitAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapGet(Instance + "/offsets", consumers.CommittedAsync).WithMetadata(RestMediaTypes.Consumers);
        routes.MapGet(Instance + "/records", consumers.RecordsAsync).WithMetadata(RestMediaTypes.Records);

        // The legacy v1 read: subscribe on first use, then read (Confluent's 2019 API docs).
        routes.MapGet(Instance + "/topics/{topic}", consumers.TopicRecordsAsync).WithMetadata(RestMediaTypes.Records);
    }
}
