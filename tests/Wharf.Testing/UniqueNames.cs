using System.Runtime.CompilerServices;

namespace Wharf.Testing;

/// <summary>Names for topics, groups and directories that no other test uses: the test's name plus a short id.</summary>
public static class UniqueNames
{
    public static string For(string prefix, [CallerMemberName] string test = "")
    {
        var stem = new string(test.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-').ToArray());
        if (stem.Length > 60)
        {
            stem = stem[..60];
        }

        return prefix + "-" + stem + "-" + Guid.NewGuid().ToString("N")[..8];
    }
}
