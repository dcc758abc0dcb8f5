using System.Runtime.CompilerServices;

namespace Wharf.Testing;

/// <summary>A directory of its own for one test, removed (with its content) on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    private TemporaryDirectory(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    public string Path { get; }

    public static TemporaryDirectory Create([CallerMemberName] string test = "") =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wharf-tests", UniqueNames.For("dir", test)));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
