using System.Text.Json;
using System.Text.Json.Serialization;
using Wharf.Storage.IO;

namespace Wharf.Storage;

/// <summary>One topic as persisted: name, id, partition count and config overrides.</summary>
internal sealed record TopicRecord
{
    public required string Name { get; init; }

    public required string TopicId { get; init; }

    public required int Partitions { get; init; }

    public Dictionary<string, string> Configs { get; init; } = [];
}

internal sealed record TopicsDocument
{
    public int Version { get; init; } = 1;

    public List<TopicRecord> Topics { get; init; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(TopicsDocument))]
internal sealed partial class TopicMetadataJson : JsonSerializerContext;

/// <summary>
/// The topic metadata of a log directory, <c>topics.json</c>: every topic's name, id, partition count and config
/// overrides. The whole file is replaced atomically (write, fsync, rename, fsync the directory) on every change,
/// so a crash leaves the state before or after the change, never a mix.
/// </summary>
internal sealed class TopicMetadataStore(string logDirectory)
{
    public const string FileName = "topics.json";

    // Each topic takes well under a kilobyte; this bounds what a damaged file can make the broker allocate.
    private const int MaxFileBytes = 64 * 1024 * 1024;

    private readonly string _path = Path.Combine(logDirectory, FileName);

    /// <summary>Whether this directory has topic metadata at all (a directory never used by Wharf has none).</summary>
    public bool Exists => File.Exists(_path);

    public TopicsDocument Load()
    {
        var content = AtomicFile.ReadAll(_path, MaxFileBytes);
        if (content is null)
        {
            return new TopicsDocument();
        }

        try
        {
            var document = JsonSerializer.Deserialize(content, TopicMetadataJson.Default.TopicsDocument);
            if (document is null || document.Version != 1)
            {
                throw new InvalidDataException($"'{_path}' has an unknown format version; it was written by another program or version.");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{_path}' is damaged and the topics cannot be known; restore it or remove the log directory.", e);
        }
    }

    /// <summary>The record of <paramref name="topic"/> as it will be once a change (partition count or config) is made.</summary>
    public static TopicRecord Describe(TopicLog topic, int partitions, TopicConfig config) => new()
    {
        Name = topic.Name,
        TopicId = topic.TopicId.ToString(),
        Partitions = partitions,
        Configs = new Dictionary<string, string>(config.Overrides, StringComparer.Ordinal),
    };

    public void Save(IEnumerable<TopicRecord> topics)
    {
        var document = new TopicsDocument { Topics = [.. topics.OrderBy(t => t.Name, StringComparer.Ordinal)] };
        AtomicFile.Write(_path, JsonSerializer.SerializeToUtf8Bytes(document, TopicMetadataJson.Default.TopicsDocument));
    }
}
