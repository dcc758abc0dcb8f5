using Wharf.SchemaRegistry.Registry;

namespace Wharf.SchemaRegistry.Http;

/// <summary>Endpoint metadata: a write, which only the leader performs; other instances forward it (with these messages on failure).</summary>
public sealed record LeaderOnly(WriteMessages Messages);
