namespace CrisisKit.Mentions;

/// <summary>
/// The identity of a <see cref="Mention"/>: the same <see cref="Id"/> on the same <see cref="Platform"/> is the
/// same post. Comparison is ordinal on both parts.
/// </summary>
/// <param name="Platform">The platform, as in <see cref="Mention.Platform"/>.</param>
/// <param name="Id">The platform's identifier, as in <see cref="Mention.Id"/>.</param>
internal readonly record struct MentionKey(string Platform, string Id)
{
    /// <inheritdoc />
    public override string ToString() => $"{Platform}:{Id}";
}
