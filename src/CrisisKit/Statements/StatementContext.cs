using CrisisKit.Categories;

namespace CrisisKit.Statements;

/// <summary>What a statement is for: its language, where it will be published, the kind of crisis and the brand.</summary>
/// <param name="Language">The draft's ISO 639-1 code (<c>en</c>, <c>el</c>), or <see langword="null"/> to detect it by script (Greek letters mean Greek).</param>
/// <param name="Platform">
/// Where the statement will be published: a name from <see cref="Mentions.Platforms"/> (<c>x</c>, <c>facebook</c>,
/// <c>instagram</c>, <c>linkedin</c>, ...) or <see cref="StatementPlatforms.PressRelease"/>; case-insensitive. Decides
/// the length check; <see langword="null"/> skips it.
/// </param>
/// <param name="Category">The kind of crisis, if known; decides whether an apology is expected.</param>
/// <param name="BrandName">The brand's name as it should be written, if known; used for placeholder suggestions and to spot a misspelt brand.</param>
public sealed record StatementContext(string? Language = null, string? Platform = null, CrisisCategory? Category = null, string? BrandName = null);
