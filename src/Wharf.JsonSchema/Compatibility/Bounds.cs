namespace Wharf.JsonSchema.Compatibility;

/// <summary>The added/removed/increased/decreased classification Confluent applies to every numeric keyword.</summary>
internal static class Bounds
{
    public static void Compare<T>(
        DiffContext ctx, string keyword, T? original, T? update,
        DifferenceType added, DifferenceType removed, DifferenceType increased, DifferenceType decreased)
        where T : struct, IComparable<T>
    {
        if (original is null && update is null)
        {
            return;
        }
        if (original is null)
        {
            ctx.Add(keyword, added);
        }
        else if (update is null)
        {
            ctx.Add(keyword, removed);
        }
        else
        {
            var order = original.Value.CompareTo(update.Value);
            if (order < 0)
            {
                ctx.Add(keyword, increased);
            }
            else if (order > 0)
            {
                ctx.Add(keyword, decreased);
            }
        }
    }
}
