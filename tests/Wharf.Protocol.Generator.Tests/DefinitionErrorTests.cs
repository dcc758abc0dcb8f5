namespace Wharf.Protocol.Generator.Tests;

/// <summary>
/// Definitions the generator cannot turn into a correct, compiling codec are reported as WHARF001 on the
/// offending .kmsg line, not emitted as code that disagrees with Kafka or fails to compile.
/// </summary>
public sealed class DefinitionErrorTests
{
    [Fact]
    public void Nullable_struct_field_is_reported_because_its_presence_byte_is_not_emitted()
    {
        var run = GeneratorRun.Of("Probe.kmsg", """
            message Probe versions 0-1 flexible none
              Leader       LeaderAndEpoch  nullable
                LeaderId   int32
            """);

        var error = Assert.Single(run.Diagnostics);
        Assert.Equal("WHARF001", error.Id);
        Assert.Contains("nullable struct field 'Leader'", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(1, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(run.Sources.Where(s => s.HintName == "Probe.g.cs"));
    }

    [Theory]
    [InlineData("int32")]
    [InlineData("bool")]
    [InlineData("uuid")]
    public void Nullable_scalar_is_reported(string type)
    {
        var run = GeneratorRun.Of("Probe.kmsg", "message Probe versions 0 flexible none\n  Value  " + type + "  nullable\n");

        Assert.Contains(run.Errors, e => e.Contains("cannot be nullable", StringComparison.Ordinal));
    }

    [Fact]
    public void Struct_named_like_one_of_its_own_fields_is_reported()
    {
        // SyncGroup's assignments hold a field called Assignment, so their struct cannot be called that.
        var run = GeneratorRun.Of("Probe.kmsg", """
            message Probe versions 0 flexible none
              Assignments     []Assignment
                MemberId      string
                Assignment    bytes
            """);

        var error = Assert.Single(run.Diagnostics);
        Assert.Contains("rename the struct", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(3, error.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Struct_named_like_a_property_of_the_message_is_reported()
    {
        // Structs are nested flat in the message class, where a property TopicData already exists.
        var run = GeneratorRun.Of("Probe.kmsg", """
            message Probe versions 0 flexible none
              TopicData       []TopicData
                Name          string
            """);

        Assert.Contains(run.Errors, e => e.Contains("struct name 'TopicData' clashes", StringComparison.Ordinal));
    }

    [Fact]
    public void Struct_that_would_hide_a_type_the_generated_code_uses_is_reported()
    {
        var run = GeneratorRun.Of("Probe.kmsg", """
            message Probe versions 0 flexible none
              Readers         []KafkaReader
                Name          string
            """);

        Assert.Contains(run.Errors, e => e.Contains("struct name 'KafkaReader' clashes", StringComparison.Ordinal));
    }

    [Fact]
    public void Request_field_named_ApiKey_is_reported_but_a_nested_one_is_not()
    {
        var run = GeneratorRun.Of("Probe.kmsg", """
            api Probe key 900 versions 0 flexible none
            request
              ApiKey          int16
            response
              Keys            []KeyRange
                ApiKey        int16
            """);

        var error = Assert.Single(run.Diagnostics);
        Assert.Equal(2, error.Location.GetLineSpan().StartLinePosition.Line);
    }
}
