namespace Wharf.Configuration.Tests;

public sealed class KeySuggestionsTests
{
    private static readonly string[] Known = ["num.partitions", "log.dirs", "log.dir", "listeners", "advertised.listeners"];

    [Theory]
    [InlineData("num.partiton", "num.partitions")]
    [InlineData("listners", "listeners")]
    [InlineData("advertized.listeners", "advertised.listeners")]
    public void A_typo_suggests_the_key_it_was_meant_to_be(string typed, string expected) =>
        Assert.Equal(expected, KeySuggestions.Closest(typed, Known));

    [Theory]
    [InlineData("schema.registry.url")]
    [InlineData("abc")]
    public void A_key_far_from_every_known_key_suggests_nothing(string typed) =>
        Assert.Null(KeySuggestions.Closest(typed, Known));

    [Fact]
    public void Of_two_keys_equally_close_the_first_in_ordinal_order_is_suggested() =>
        Assert.Equal("log.dir", KeySuggestions.Closest("log.dit", Known));
}
