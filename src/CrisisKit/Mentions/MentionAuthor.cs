namespace CrisisKit.Mentions;

/// <summary>The account that posted a <see cref="Mention"/>.</summary>
/// <param name="Handle">The account's handle without a leading <c>@</c>. Never empty.</param>
/// <param name="Followers">How many accounts follow it; the mention's potential reach. Zero or more.</param>
/// <param name="Verified">Whether the platform marks the account as verified.</param>
public sealed record MentionAuthor(string Handle, long Followers = 0, bool Verified = false)
{
    /// <summary>The display name, if known.</summary>
    public string? DisplayName { get; init; }
}
