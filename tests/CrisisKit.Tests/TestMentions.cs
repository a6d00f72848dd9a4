using CrisisKit.Mentions;

namespace CrisisKit.Tests;

/// <summary>Small builders for hand-written test mentions.</summary>
internal static class TestMentions
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static Mention Create(string text, string id = "1", string platform = Platforms.X, string handle = "someone", DateTimeOffset? at = null, string? language = null, long followers = 10) => new()
    {
        Id = id,
        Platform = platform,
        Text = text,
        Timestamp = at ?? T0,
        Language = language,
        Author = new MentionAuthor(handle, followers),
    };
}
