using Wharf.Protocol.Primitives;

namespace Wharf.Protocol.Messages;

/// <summary>A message the generated codecs can write at any version they implement.</summary>
public interface IKafkaMessage
{
    /// <summary>The exact number of bytes <see cref="Write"/> produces for this version.</summary>
    int ComputeSize(short version);

    void Write(ref KafkaWriter writer, short version);
}

/// <summary>A message with a static decoder and the range of versions its codec implements.</summary>
public interface IKafkaMessage<TSelf> : IKafkaMessage
    where TSelf : class, IKafkaMessage<TSelf>
{
    static abstract short LowestVersion { get; }

    static abstract short HighestVersion { get; }

    static abstract bool IsFlexible(short version);

    /// <summary>Decodes a message; on bad input the reader is left <see cref="KafkaReader.Failed"/>.</summary>
    static abstract TSelf Read(ref KafkaReader reader, short version);
}

/// <summary>A request, tied to its API key and to the type of its response.</summary>
public interface IKafkaRequest<TSelf, TResponse> : IKafkaMessage<TSelf>
    where TSelf : class, IKafkaRequest<TSelf, TResponse>
    where TResponse : class, IKafkaMessage<TResponse>
{
    static abstract ApiKey ApiKey { get; }
}
