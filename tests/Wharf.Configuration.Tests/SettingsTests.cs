using Wharf.Configuration;

namespace Wharf.Configuration.Tests;

public sealed class SettingsTests
{
    private static readonly Settings Sample = new(new Dictionary<string, string>
    {
        ["num.partitions"] = " 3 ",
        ["auto.create.topics.enable"] = "false",
        ["producer.acks"] = "all",
        ["producer.linger.ms"] = "5",
        ["bootstrap.servers"] = "a:9092, b:9092,,",
        ["bad.number"] = "three",
    });

    [Fact]
    public void Typed_values_are_trimmed_and_parsed_and_missing_keys_give_the_default()
    {
        Assert.Equal(3, Sample.GetInt32("num.partitions", 1));
        Assert.False(Sample.GetBoolean("auto.create.topics.enable", true));
        Assert.Equal(7, Sample.GetInt32("absent", 7));
        Assert.Null(Sample.GetString("absent"));
    }

    [Fact]
    public void A_value_that_does_not_parse_names_the_key_and_the_value()
    {
        var exception = Assert.Throws<ConfigurationException>(() => Sample.GetInt32("bad.number", 0));

        Assert.Equal("bad.number", exception.Key);
        Assert.Equal("Invalid value three for configuration bad.number: Not a number of type INT", exception.Message);
    }

    [Fact]
    public void Lists_are_comma_separated_with_blanks_removed()
    {
        Assert.Equal(["a:9092", "b:9092"], Sample.GetList("bootstrap.servers"));
    }

    [Fact]
    public void A_prefix_selects_the_keys_it_starts_and_strips_it()
    {
        var producer = Sample.WithPrefix("producer.");

        Assert.Equal(2, producer.Count);
        Assert.Equal("all", producer["acks"]);
        Assert.Equal("5", producer["linger.ms"]);
    }

    [Fact]
    public void Overrides_win_over_the_file_and_leave_the_original_unchanged()
    {
        var overridden = Sample.With([new("num.partitions", "5")]);

        Assert.Equal(5, overridden.GetInt32("num.partitions", 1));
        Assert.Equal(3, Sample.GetInt32("num.partitions", 1));
    }
}
