namespace Wharf.Testing;

/// <summary>Finds files of the repository from a running test (scripts of the interop tests, fixtures).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootDirectory = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Wharf.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Wharf.slnx not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootDirectory.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
