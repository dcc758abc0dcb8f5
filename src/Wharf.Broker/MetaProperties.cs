using System.Globalization;
using Wharf.Configuration;
using Wharf.Protocol.Primitives;

namespace Wharf.Broker;

/// <summary>
/// The log directory's meta.properties, as Kafka keeps it (KRaft format: version, cluster.id, node.id): the
/// cluster id is created on first start and then never changes, so clients that cache it see a stable cluster.
/// </summary>
public sealed record MetaProperties(string ClusterId, int NodeId)
{
    public const string FileName = "meta.properties";

    /// <summary>Reads the file, or creates it with a new cluster id; a node id that changed is a configuration error.</summary>
    public static MetaProperties LoadOrCreate(string logDirectory, int nodeId)
    {
        try
        {
            Directory.CreateDirectory(logDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException("The log directory " + logDirectory + " cannot be created: " + e.Message, e);
        }

        var path = Path.Combine(logDirectory, FileName);
        if (File.Exists(path))
        {
            var values = JavaProperties.Load(path);
            if (!values.TryGetValue("cluster.id", out var clusterId) || string.IsNullOrWhiteSpace(clusterId))
            {
                throw new ConfigurationException(path + " has no cluster.id; remove the file to start a new cluster in this directory");
            }

            if (values.TryGetValue("node.id", out var storedNode) && storedNode != nodeId.ToString(CultureInfo.InvariantCulture))
            {
                throw new ConfigurationException("The log directory " + logDirectory + " belongs to node " + storedNode + ", but node.id is " + nodeId);
            }

            return new MetaProperties(clusterId, nodeId);
        }

        var created = new MetaProperties(KafkaUuid.NewRandom().ToString(), nodeId);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, "#Written by Wharf; do not edit.\nversion=1\ncluster.id=" + created.ClusterId + "\nnode.id=" + nodeId.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, path, overwrite: true);
        return created;
    }
}
