namespace Wharf.Avro.Tests.Support;

/// <summary>Paths of the committed fixture files (copied next to the test assembly).</summary>
internal static class Fixtures
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));
}
