using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Xunit.v3;

namespace Wharf.Testing;

/// <summary>
/// Put on a test assembly: after each test, fails it when a server started by the harness logged an error the
/// test did not declare with <see cref="CapturedLogs.Expect"/>. A server that breaks is noticed even when the
/// client in the test happened to cope (the habit of MQTTnet's TestEnvironment).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class)]
public sealed class FailOnServerErrorsAttribute : BeforeAfterTestAttribute
{
    private const int Tracked = 0;
    private const int Retired = 1;

    private static readonly ConcurrentDictionary<CapturedLogs, int> Active = new();

    internal static void Track(CapturedLogs logs) => Active[logs] = Tracked;

    /// <summary>
    /// Stops tracking after the next check: a server disposed inside the test method (<c>await using</c>) is
    /// gone before <see cref="After"/> runs, and its errors must still be reported. (A server disposed after the
    /// check, by a class fixture, has its shutdown errors reported by whichever test is checked next.)
    /// </summary>
    internal static void Untrack(CapturedLogs logs) => Active.TryUpdate(logs, Retired, Tracked);

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        var checkedLogs = Active.ToArray();
        var errors = checkedLogs.SelectMany(pair => pair.Key.TakeUnexpected(LogLevel.Error)).ToList();
        foreach (var (logs, state) in checkedLogs)
        {
            if (state == Retired)
            {
                Active.TryRemove(new KeyValuePair<CapturedLogs, int>(logs, Retired));
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The server logged " + errors.Count + " unexpected error(s):\n" + string.Join("\n", errors));
        }
    }
}
