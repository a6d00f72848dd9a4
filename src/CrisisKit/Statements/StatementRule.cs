using System.Text.Json.Serialization;
namespace CrisisKit.Statements;

/// <summary>The ids of the rules <see cref="RuleBasedStatementReviewer"/> checks, as <see cref="StatementFinding.Rule"/> carries them.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StatementRule>))]
public enum StatementRule
{
    /// <summary>The draft is empty or white space (error).</summary>
    [JsonStringEnumMemberName("empty")]
    Empty = 0,

    /// <summary>The draft says what happened, or that the brand knows about it.</summary>
    [JsonStringEnumMemberName("acknowledges-issue")]
    AcknowledgesIssue = 1,

    /// <summary>The draft apologises where customers were harmed, and shows empathy otherwise.</summary>
    [JsonStringEnumMemberName("expresses-empathy")]
    ExpressesEmpathy = 2,

    /// <summary>The draft takes responsibility instead of shifting blame, minimising the impact or apologising conditionally.</summary>
    [JsonStringEnumMemberName("takes-responsibility")]
    TakesResponsibility = 3,

    /// <summary>The draft says what the brand is doing or will do next.</summary>
    [JsonStringEnumMemberName("commits-to-next-steps")]
    CommitsToNextSteps = 4,

    /// <summary>The draft says where updates or help will appear (a link, a handle, a page).</summary>
    [JsonStringEnumMemberName("says-where-updates-appear")]
    SaysWhereUpdatesAppear = 5,

    /// <summary>The draft avoids legalese and defensive phrasing.</summary>
    [JsonStringEnumMemberName("avoids-legalese")]
    AvoidsLegalese = 6,

    /// <summary>The draft fits its platform's length.</summary>
    [JsonStringEnumMemberName("fits-platform")]
    FitsPlatform = 7,

    /// <summary>The draft has no unfilled placeholders such as <c>{brand}</c> or <c>[DATE]</c> (error).</summary>
    [JsonStringEnumMemberName("no-placeholders")]
    NoPlaceholders = 8,

    /// <summary>The draft keeps a calm tone: no runs of exclamation marks or ALL-CAPS phrases.</summary>
    [JsonStringEnumMemberName("calm-tone")]
    CalmTone = 9,

    /// <summary>The draft writes the brand's name as <see cref="StatementContext.BrandName"/> does.</summary>
    [JsonStringEnumMemberName("brand-name")]
    BrandName = 10,

    /// <summary>The draft's language has no statement cues, so only the language-independent rules ran (info).</summary>
    [JsonStringEnumMemberName("language")]
    Language = 11,
}
