namespace Wharf.Protocol.Generator.Tests;

/// <summary>The code emitted for constructs the real message files use only here and there compiles cleanly.</summary>
public sealed class EmittedCodeTests
{
    [Fact]
    public void Every_construct_compiles_without_errors_or_warnings()
    {
        var run = GeneratorRun.Of("Probe.kmsg", """
            # Every field type, nesting, nullability, tags and defaults, in one data message.
            message Probe versions 0-5 flexible 4+
              Flag                bool
              Tiny                int8      default -1
              Short               int16     default -1
              Port                uint16    default 9092
              Count               int32     default 0x7fffffff
              Unsigned            uint32    1+
              Offset              int64     default -1
              Ratio               float64   2+
              Id                  uuid
              Name                string    nullable 3+  default null
              Blob                bytes     nullable
              Records             records   nullable
              Numbers             []int32   nullable
              Labels              []string  3+
              Entries             []Entry
                Key               string
                Values            []int64
                Leader            LeaderAndEpoch  4+  tag 0
                  LeaderId        int32     default -1
                  LeaderEpoch     int32     default -1
              Note                string    4+  nullable  default null  tag 0
              Extra               []Other   4+  tag 1
                Text              string
              Epoch               int64     4+  default -1  tag 2
            """);

        Assert.Empty(run.Errors);
        Assert.Empty(run.CompileProblems("Probe.kmsg"));
    }
}
