namespace CrisisKit.Statements;

/// <summary>The ids of the rules <see cref="RuleBasedStatementReviewer"/> checks, as <see cref="StatementFinding.Rule"/> carries them.</summary>
public static class StatementRules
{
    /// <summary>The draft is empty or white space (error).</summary>
    public const string Empty = "empty";

    /// <summary>The draft says what happened, or that the brand knows about it.</summary>
    public const string AcknowledgesIssue = "acknowledges-issue";

    /// <summary>The draft apologises where customers were harmed, and shows empathy otherwise.</summary>
    public const string ExpressesEmpathy = "expresses-empathy";

    /// <summary>The draft takes responsibility instead of shifting blame, minimising the impact or apologising conditionally.</summary>
    public const string TakesResponsibility = "takes-responsibility";

    /// <summary>The draft says what the brand is doing or will do next.</summary>
    public const string CommitsToNextSteps = "commits-to-next-steps";

    /// <summary>The draft says where updates or help will appear (a link, a handle, a page).</summary>
    public const string SaysWhereUpdatesAppear = "says-where-updates-appear";

    /// <summary>The draft avoids legalese and defensive phrasing.</summary>
    public const string AvoidsLegalese = "avoids-legalese";

    /// <summary>The draft fits its platform's length.</summary>
    public const string FitsPlatform = "fits-platform";

    /// <summary>The draft has no unfilled placeholders such as <c>{brand}</c> or <c>[DATE]</c> (error).</summary>
    public const string NoPlaceholders = "no-placeholders";

    /// <summary>The draft keeps a calm tone: no runs of exclamation marks or ALL-CAPS phrases.</summary>
    public const string CalmTone = "calm-tone";

    /// <summary>The draft writes the brand's name as <see cref="StatementContext.BrandName"/> does.</summary>
    public const string BrandName = "brand-name";

    /// <summary>The draft's language has no statement cues, so only the language-independent rules ran (info).</summary>
    public const string Language = "language";

    /// <summary>All the rule ids above.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Empty, AcknowledgesIssue, ExpressesEmpathy, TakesResponsibility, CommitsToNextSteps, SaysWhereUpdatesAppear, AvoidsLegalese, FitsPlatform, NoPlaceholders, CalmTone, BrandName, Language];
}
