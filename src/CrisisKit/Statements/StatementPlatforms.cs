namespace CrisisKit.Statements;

/// <summary>Publication targets of a statement that are not social platforms; social platforms use the names in <see cref="Mentions.Platforms"/>.</summary>
public static class StatementPlatforms
{
    /// <summary>A press release or a statement on the brand's website: no length limit.</summary>
    public const string PressRelease = "press-release";
}
