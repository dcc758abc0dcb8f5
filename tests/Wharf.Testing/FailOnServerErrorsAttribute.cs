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
    private static readonly ConcurrentDictionary<CapturedLogs, int> Active = new();

    internal static void Track(CapturedLogs logs) => Active[logs] = 0;

    internal static void Untrack(CapturedLogs logs) => Active.TryRemove(logs, out _);

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        var errors = Active.Keys.SelectMany(logs => logs.TakeUnexpected(LogLevel.Error)).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The server logged " + errors.Count + " unexpected error(s):\n" + string.Join("\n", errors));
        }
    }
}
