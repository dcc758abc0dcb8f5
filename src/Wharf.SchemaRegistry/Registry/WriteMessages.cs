namespace Wharf.SchemaRegistry.Registry;

/// <summary>The original's messages for a write that failed in the store (50001) or timed out (50002), and its name when forwarded (50003).</summary>
public sealed record WriteMessages(string Store, string Timeout, string Forwarding)
{
    public static readonly WriteMessages Register = new(
        "Register schema operation failed while writing to the Kafka store", "Register operation timed out", "register schema");

    public static readonly WriteMessages DeleteVersion = new(
        "Error while deleting the schema for subject in the backend Kafka store", "Delete Schema Version operation timed out", "delete schema version");

    public static readonly WriteMessages DeleteSubject = new(
        "Error while deleting the subject in the backend Kafka store", "Delete Subject operation timed out", "delete subject");

    public static readonly WriteMessages UpdateConfig = new(
        "Failed to update compatibility level", "Update config operation timed out", "update config");

    public static readonly WriteMessages DeleteConfig = new(
        "Failed to delete compatibility level", "Delete config operation timed out", "delete config");

    public static readonly WriteMessages UpdateMode = new("Failed to update mode", "Update mode operation timed out", "update mode");

    public static readonly WriteMessages DeleteMode = new("Failed to delete mode", "Delete mode operation timed out", "delete mode");
}
