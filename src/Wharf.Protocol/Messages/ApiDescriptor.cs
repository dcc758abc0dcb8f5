namespace Wharf.Protocol.Messages;

/// <summary>One API this project implements: its key, name and the version range its codecs cover.</summary>
/// <param name="FlexibleFrom">The first flexible version (KIP-482), or -1 when no implemented version is flexible.</param>
public sealed record ApiDescriptor(ApiKey Key, string Name, short LowestVersion, short HighestVersion, short FlexibleFrom)
{
    public bool Supports(short version) => version >= LowestVersion && version <= HighestVersion;

    public bool IsFlexible(short version) => FlexibleFrom >= 0 && version >= FlexibleFrom;

    /// <summary>Request header v2 (with tagged fields) for flexible versions, v1 otherwise.</summary>
    public short RequestHeaderVersion(short version) => IsFlexible(version) ? (short)2 : (short)1;

    /// <summary>
    /// Response header v1 for flexible versions, v0 otherwise, except ApiVersions: its response always uses
    /// header v0 so that a client can read it whatever version it asked for (KIP-511).
    /// </summary>
    public short ResponseHeaderVersion(short version) =>
        Key != ApiKey.ApiVersions && IsFlexible(version) ? (short)1 : (short)0;
}

public static partial class KafkaApis
{
    public static bool TryGet(short key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ApiDescriptor? descriptor) =>
        Index.ByKey.TryGetValue((ApiKey)key, out descriptor);

    public static ApiDescriptor Get(ApiKey key) => Index.ByKey[key];

    // A nested holder, because static initializers in different partial files run in no defined order.
    private static class Index
    {
        public static readonly Dictionary<ApiKey, ApiDescriptor> ByKey = All.ToDictionary(api => api.Key);
    }
}
