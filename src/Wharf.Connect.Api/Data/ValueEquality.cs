using System.Collections;
using System.Globalization;

namespace Wharf.Connect.Api.Data;

/// <summary>Deep equality and display of Connect values (byte arrays, lists and maps by content).</summary>
public static class ValueEquality
{
    public static bool AreEqual(object? a, object? b)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (byte[] x, byte[] y):
                return x.AsSpan().SequenceEqual(y);
            case (IDictionary x, IDictionary y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                foreach (DictionaryEntry entry in x)
                {
                    if (!y.Contains(entry.Key) || !AreEqual(entry.Value, y[entry.Key]))
                    {
                        return false;
                    }
                }

                return true;
            case (IList x, IList y):
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!AreEqual(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return a.Equals(b);
        }
    }

    /// <summary>The text form of a value, as Java's toString would give it for the common types.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        byte[] bytes => "[" + string.Join(", ", bytes.Select(x => ((sbyte)x).ToString(CultureInfo.InvariantCulture))) + "]",
        IDictionary map => "{" + string.Join(", ", map.Cast<DictionaryEntry>().Select(e => Format(e.Key) + "=" + Format(e.Value))) + "}",
        IList list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
