using CrisisKit.Text;

namespace CrisisKit.Mentions;

/// <summary>
/// A brand, product, campaign or person whose mentions CrisisKit watches, with the rules that decide whether a
/// <see cref="Mention"/> concerns it.
/// </summary>
/// <remarks>
/// <para>
/// A mention matches a subject when its text contains at least one of the <see cref="Keywords"/>,
/// <see cref="Handles"/> or <see cref="Hashtags"/>, none of the <see cref="Exclusions"/>, its language (when known)
/// is one of the <see cref="Languages"/> (when any are given), and it was not posted by one of the subject's own
/// <see cref="Handles"/> (the subject speaking is not the subject being mentioned).
/// </para>
/// <para>
/// Text is compared word by word after folding case and accents, so <c>"Αθήνα"</c>, <c>"ΑΘΗΝΑ"</c> and
/// <c>"αθηνα"</c> are the same word, as are <c>"Café"</c> and <c>"cafe"</c>. A keyword of several words matches
/// those words in order, with only punctuation or spaces between them. A one-word keyword also matches the same
/// word written as a hashtag. Links are ignored. See <see cref="SubjectMatcher"/>.
/// </para>
/// </remarks>
public sealed record MonitoredSubject
{
    /// <summary>A stable identifier, unique among the monitored subjects (compared ordinally). Never empty.</summary>
    public required string Id { get; init; }

    /// <summary>A name for people to read; <see cref="Id"/> when not set.</summary>
    public string Name
    {
        get => _name ?? Id;
        init => _name = value;
    }

    private readonly string? _name;

    /// <summary>What the subject is.</summary>
    public SubjectKind Kind { get; init; } = SubjectKind.Brand;

    /// <summary>Words or phrases whose presence makes a mention concern this subject.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>The subject's own account handles, with or without a leading <c>@</c>.</summary>
    public IReadOnlyList<string> Handles { get; init; } = [];

    /// <summary>Hashtags, with or without a leading <c>#</c>.</summary>
    public IReadOnlyList<string> Hashtags { get; init; } = [];

    /// <summary>
    /// ISO 639-1 codes of the languages to keep (for example <c>en</c>, <c>el</c>), each optionally with a region or
    /// other subtag (<c>en-GB</c>, <c>pt-BR</c>). Empty keeps every language. A mention whose language is unknown is kept.
    /// </summary>
    /// <remarks>
    /// Languages are compared by their primary subtag on both sides, so <c>en-GB</c> here keeps mentions in
    /// <c>en</c>, <c>en-US</c> and <c>en-GB</c> alike, as <c>en</c> keeps <c>en-GB</c> mentions.
    /// </remarks>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Words or phrases whose presence means a mention does not concern this subject, even if it matches.</summary>
    public IReadOnlyList<string> Exclusions { get; init; } = [];

    /// <summary>
    /// Lists what is wrong with this subject: an empty identifier, an undefined <see cref="Kind"/>, no keyword,
    /// handle or hashtag, an entry that contains no letter or digit, or a <see cref="Languages"/> entry that is not an
    /// ISO 639-1 code (such as <c>klingon</c>, <c>eng</c> or <c>gr</c>). Empty when the subject is valid.
    /// </summary>
    /// <returns>One message per problem, naming the rule and the offending value.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Id))
        {
            errors.Add("Id must not be empty.");
        }

        var label = string.IsNullOrWhiteSpace(Id) ? "subject" : $"subject '{Id}'";
        if (Keywords is null || Handles is null || Hashtags is null || Languages is null || Exclusions is null)
        {
            errors.Add($"{label}: Keywords, Handles, Hashtags, Languages and Exclusions must not be null.");
            return errors;
        }

        if (!Enum.IsDefined(Kind))
        {
            errors.Add($"{label}: Kind {(int)Kind} is not a SubjectKind (Brand, Product, Campaign or Person).");
        }

        if (Keywords.Count + Handles.Count + Hashtags.Count == 0)
        {
            errors.Add($"{label}: at least one of Keywords, Handles or Hashtags is required.");
        }

        CheckEntries(errors, label, nameof(Keywords), Keywords, MatchTokenKind.Word);
        CheckEntries(errors, label, nameof(Handles), Handles, MatchTokenKind.Handle);
        CheckEntries(errors, label, nameof(Hashtags), Hashtags, MatchTokenKind.Hashtag);
        CheckEntries(errors, label, nameof(Exclusions), Exclusions, MatchTokenKind.Word);

        foreach (var language in Languages)
        {
            if (language is null)
            {
                errors.Add($"{label}: Languages contains a null entry.");
            }
            else if (LanguageCodes.Problem(language) is { } problem)
            {
                errors.Add($"{label}: Languages entry '{language}' {problem}; {LanguageCodes.Hint}.");
            }
        }

        return errors;
    }

    private static void CheckEntries(List<string> errors, string label, string rule, IReadOnlyList<string> entries, MatchTokenKind kind)
    {
        foreach (var entry in entries)
        {
            if (entry is null)
            {
                errors.Add($"{label}: {rule} contains a null entry.");
                continue;
            }

            var tokens = MatchTokenizer.TokenizeRule(entry, kind);
            if (tokens.Count == 0)
            {
                errors.Add($"{label}: {rule} entry '{entry}' contains no letter or digit.");
            }
            else if (kind != MatchTokenKind.Word && tokens.Count != 1)
            {
                errors.Add($"{label}: {rule} entry '{entry}' must be a single {(kind == MatchTokenKind.Handle ? "handle" : "hashtag")} without spaces.");
            }
        }
    }
}
