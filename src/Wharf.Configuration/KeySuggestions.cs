namespace Wharf.Configuration;

/// <summary>Finds the key a user probably meant when they typed one nothing reads ("did you mean ...?").</summary>
public static class KeySuggestions
{
    /// <summary>
    /// The known key within a few edits of <paramref name="key"/> (a quarter of its length, at most three), the
    /// nearest first and then the first in ordinal order; null when none is that close.
    /// </summary>
    public static string? Closest(string key, IEnumerable<string> knownKeys)
    {
        var limit = Math.Min(3, key.Length / 4);
        return knownKeys
            .Select(known => (Key: known, Distance: EditDistance(key, known)))
            .Where(candidate => candidate.Distance <= limit)
            .OrderBy(candidate => candidate.Distance)
            .ThenBy(candidate => candidate.Key, StringComparer.Ordinal)
            .Select(candidate => candidate.Key)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions).</summary>
    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
