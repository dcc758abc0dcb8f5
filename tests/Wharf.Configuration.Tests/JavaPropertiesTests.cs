using Wharf.Configuration;

namespace Wharf.Configuration.Tests;

/// <summary>The .properties format as java.util.Properties.load reads it, on the lines real config files contain.</summary>
public sealed class JavaPropertiesTests
{
    [Fact]
    public void Kafka_server_properties_lines_are_read_with_their_values()
    {
        var values = JavaProperties.Parse("""
            # The id of the broker.
            broker.id=0
            listeners=PLAINTEXT://:9092
            log.dirs=/tmp/kafka-logs
            ! a comment in the other style
            num.partitions = 3
            zookeeper.connect: localhost:2181
            """);

        Assert.Equal("0", values["broker.id"]);
        Assert.Equal("PLAINTEXT://:9092", values["listeners"]);
        Assert.Equal("/tmp/kafka-logs", values["log.dirs"]);
        Assert.Equal("3", values["num.partitions"]);
        Assert.Equal("localhost:2181", values["zookeeper.connect"]);
        Assert.Equal(5, values.Count);
    }

    [Fact]
    public void A_space_separates_key_from_value_when_there_is_no_equals_sign()
    {
        Assert.Equal("value with spaces", JavaProperties.Parse("key value with spaces")["key"]);
    }

    [Fact]
    public void A_trailing_backslash_continues_the_value_on_the_next_line_without_its_indentation()
    {
        var values = JavaProperties.Parse("plugin.path=/usr/share/java,\\\n    /opt/connectors\nnext=1");

        Assert.Equal("/usr/share/java,/opt/connectors", values["plugin.path"]);
        Assert.Equal("1", values["next"]);
    }

    [Fact]
    public void An_escaped_backslash_at_the_end_does_not_continue_the_line()
    {
        var values = JavaProperties.Parse("path=C:\\\\\nnext=1");

        Assert.Equal("C:\\", values["path"]);
        Assert.Equal("1", values["next"]);
    }

    [Fact]
    public void Escapes_in_keys_and_values_are_decoded()
    {
        var values = JavaProperties.Parse("my\\ key=tab\\there\\u00e9\nequals\\=key=a\\:b");

        Assert.Equal("tab\there\u00e9", values["my key"]);
        Assert.Equal("a:b", values["equals=key"]);
    }

    [Fact]
    public void The_last_occurrence_of_a_key_wins()
    {
        Assert.Equal("2", JavaProperties.Parse("a=1\na=2")["a"]);
    }

    [Fact]
    public void A_key_without_value_has_an_empty_value_and_blank_lines_are_skipped()
    {
        var values = JavaProperties.Parse("\n\nempty\n   \n");

        Assert.Equal(string.Empty, Assert.Single(values).Value);
    }

    [Fact]
    public void Windows_line_endings_are_read_like_unix_ones()
    {
        var values = JavaProperties.Parse("a=1\r\nb=2\r\n");

        Assert.Equal(("1", "2"), (values["a"], values["b"]));
    }
}
