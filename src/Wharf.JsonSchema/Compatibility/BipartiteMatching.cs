namespace Wharf.JsonSchema.Compatibility;

/// <summary>Maximum-cardinality bipartite matching by augmenting paths (Kuhn); branch counts are small.</summary>
internal static class BipartiteMatching
{
    /// <returns>For each right vertex, the left vertex matched to it, or null.</returns>
    public static int?[] Maximum(int left, int right, Func<int, int, bool> edge)
    {
        var matchOfRight = new int?[right];
        for (var l = 0; l < left; l++)
        {
            Augment(l, new bool[right], matchOfRight, right, edge);
        }
        return matchOfRight;
    }

    private static bool Augment(int l, bool[] visited, int?[] matchOfRight, int right, Func<int, int, bool> edge)
    {
        for (var r = 0; r < right; r++)
        {
            if (!edge(l, r) || visited[r])
            {
                continue;
            }
            visited[r] = true;
            if (matchOfRight[r] is not { } other || Augment(other, visited, matchOfRight, right, edge))
            {
                matchOfRight[r] = l;
                return true;
            }
        }
        return false;
    }
}
