using CrisisKit.Mentions;

namespace CrisisKit.Tests.Mentions;

public class MentionTests
{
    [Fact]
    public void Key_is_platform_and_id()
    {
        var mention = TestMentions.Create("hello", id: "42", platform: Platforms.Reddit);
        mention.Key.Should().Be(new MentionKey("reddit", "42"));
        mention.Key.ToString().Should().Be("reddit:42");
    }

    [Fact]
    public void Mentions_with_equal_values_are_equal_and_with_copies_change_one_field()
    {
        var a = TestMentions.Create("hello");
        var b = TestMentions.Create("hello");
        a.Should().Be(b);
        (a with { Text = "bye" }).Should().NotBe(a);
    }

    [Fact]
    public void Interactions_add_likes_shares_and_replies_but_not_views() =>
        new MentionEngagement(likes: 3, shares: 2, replies: 1, views: 1000).Interactions.Should().Be(6);

    [Fact]
    public void Known_platform_names_are_lower_case_and_distinct() =>
        Platforms.Known.Should().OnlyHaveUniqueItems().And.OnlyContain(p => p.All(c => !char.IsUpper(c)));
}
