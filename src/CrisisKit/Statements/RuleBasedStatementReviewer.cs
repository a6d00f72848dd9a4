using System.Collections.Frozen;
using System.Text.RegularExpressions;
using CrisisKit.Categories;
using CrisisKit.Text;

namespace CrisisKit.Statements;

/// <summary>
/// The default <see cref="IStatementReviewer"/>: checks a draft crisis statement in English or Greek against
/// crisis-communication practice with cue phrases written for CrisisKit (embedded in the package, extensible through
/// <see cref="StatementReviewOptions.Lexicons"/>) and a few language-independent checks. See <c>docs/statements.md</c>.
/// </summary>
/// <remarks>
/// Rules: the statement acknowledges the issue, apologises where customers were harmed (empathy elsewhere), takes
/// responsibility instead of shifting blame, commits to next steps, says where updates appear, avoids legalese, fits
/// its platform, has no unfilled placeholders and keeps a calm tone (<see cref="StatementRule"/>). Case, accents and
/// Greek tonos are folded, so <c>ΖΗΤΟΥΜΕ ΣΥΓΓΝΩΜΗ</c> matches <c>ζητούμε συγγνώμη</c>. Immutable and thread-safe.
/// </remarks>
public sealed partial class RuleBasedStatementReviewer : IStatementReviewer
{
    /// <summary>The category confidence from which the draft counts as naming what happened.</summary>
    private const double NamesIssueConfidence = 0.45;

    /// <summary>The confidence in <see cref="StatementContext.Category"/> from which the draft counts as naming what happened.</summary>
    private const double NamesExpectedIssueConfidence = 0.3;

    private const double ErrorPenalty = 40;
    private const double WarningPenalty = 10;
    private const double InfoPenalty = 2;
    private const double RepeatFactor = 0.25;
    private const int MinimumCapsRun = 3;

    private static readonly (string, string[])[] BuiltIn = [("en", ["en.statements.txt"]), ("el", ["el.statements.txt"])];

    private static readonly Lazy<LexiconCrisisCategorizer> SharedCategorizer = new(() => new LexiconCrisisCategorizer());

    private static readonly FrozenSet<CrisisCategory> HarmCategories = new[]
    {
        CrisisCategory.ProductSafety, CrisisCategory.DataBreach, CrisisCategory.Outage, CrisisCategory.CustomerService, CrisisCategory.OffensiveContent,
    }.ToFrozenSet();

    /// <summary>First words of a bracketed placeholder written in lower or mixed case (<c>[Insert date]</c>).</summary>
    private static readonly FrozenSet<string> PlaceholderWords = new[]
    {
        "insert", "add", "name", "date", "time", "day", "link", "url", "brand", "company", "product", "number", "amount", "placeholder",
        "tbd", "tbc", "todo", "spokesperson", "location", "store", "email", "phone", "handle", "x", "xx", "xxx",
        "εισαγωγη", "εισαγετε", "ονομα", "ημερομηνια", "ωρα", "συνδεσμος", "εταιρεια", "επωνυμια", "προιον", "αριθμος", "τηλεφωνο",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Folded placeholder contents that stand for the brand's name.</summary>
    private static readonly FrozenSet<string> BrandPlaceholders = new[]
    {
        "brand", "brand name", "brandname", "brand_name", "company", "company name", "company_name", "companyname", "client", "εταιρεια", "επωνυμια", "μαρκα",
    }.ToFrozenSet(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, StatementLexicon> _lexicons;
    private readonly FrozenDictionary<string, StatementLexicon>.AlternateLookup<ReadOnlySpan<char>> _lexiconsSpan;
    private readonly StatementLexicon _english;
    private readonly ICrisisCategorizer _categorizer;
    private readonly int _softLimit;

    /// <summary>Creates a reviewer with the built-in cues and the default crisis categorizer.</summary>
    public RuleBasedStatementReviewer()
        : this(new StatementReviewOptions())
    {
    }

    /// <summary>Creates a reviewer with the built-in cues, the given options and the default crisis categorizer.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid, or an app lexicon does not follow the format (the message names the language, line and problem).</exception>
    public RuleBasedStatementReviewer(StatementReviewOptions options)
        : this(options, SharedCategorizer.Value)
    {
    }

    /// <summary>Creates a reviewer with the built-in cues, the given options, and a categorizer that tells whether a draft names what happened.</summary>
    /// <param name="options">The options.</param>
    /// <param name="categorizer">The crisis categorizer (the one the monitoring pipeline uses, typically).</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="categorizer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid, or an app lexicon does not follow the format (the message names the language, line and problem).</exception>
    public RuleBasedStatementReviewer(StatementReviewOptions options, ICrisisCategorizer categorizer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(categorizer);
        if (options.SocialSoftLimit < 1)
        {
            throw new ArgumentException($"StatementReviewOptions.SocialSoftLimit must be at least 1 (was {options.SocialSoftLimit}).", nameof(options));
        }

        _lexicons = LexiconSet.Build(
            BuiltIn, [], options.Lexicons, "StatementReviewOptions.Lexicons",
            language => new StatementLexicon.Builder(language), (b, text, source) => b.Add(text, source), b => b.Build());
        _lexiconsSpan = _lexicons.GetAlternateLookup<ReadOnlySpan<char>>();
        _english = _lexicons["en"];
        _categorizer = categorizer;
        _softLimit = options.SocialSoftLimit;
    }

    /// <inheritdoc />
    public StatementReview Review(string draft, StatementContext context)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(draft))
        {
            return new StatementReview(
                [new StatementFinding(StatementRule.Empty, StatementSeverity.Error, "The statement is empty.", StatementSpan.None, "Write the statement: what happened, that you are sorry, what you are doing and where updates will appear.")],
                0,
                null);
        }

        var findings = new List<StatementFinding>();
        var text = new StatementText(draft);
        var links = FindLinks(draft);
        var lexicon = ChooseLexicon(draft, context.Language);
        CheckPlaceholders(text, lexicon ?? _english, context, findings);
        if (lexicon is null)
        {
            findings.Add(new StatementFinding(
                StatementRule.Language, StatementSeverity.Info,
                $"There are no statement cues for the language '{context.Language}', so only the placeholder, length and tone checks ran.",
                StatementSpan.None,
                "Add cues for the language through StatementReviewOptions.Lexicons, or review the statement by hand."));
        }
        else
        {
            CheckAcknowledgement(text, lexicon, context, findings);
            CheckEmpathy(text, lexicon, context, findings);
            CheckResponsibility(text, lexicon, findings);
            CheckNextSteps(text, lexicon, findings);
            CheckUpdates(text, lexicon, draft, links, findings);
            Report(text, lexicon, CueKinds.Legalese, StatementRule.AvoidsLegalese, StatementSeverity.Warning,
                cue => $"Legalese or defensive phrasing: '{cue}'. It reads as protecting the company rather than the people affected.",
                "Say it in plain words, or leave it to the legal notice.", findings);
            if (context.Category != CrisisCategory.Misinformation)
            {
                Report(text, lexicon, CueKinds.Denial, StatementRule.AvoidsLegalese, StatementSeverity.Warning,
                    cue => $"Defensive denial: '{cue}'. Unless the story is a hoax, a flat denial reads as dismissing the people affected.",
                    "Say what you know and what you are checking; correct facts calmly instead of denying.", findings);
            }
        }

        CheckLength(draft, context.Platform, links, findings);
        CheckTone(text, context.BrandName, findings);
        CheckBrandName(draft, context.BrandName, links, findings);

        var ordered = findings.OrderByDescending(f => f.Severity).ThenBy(f => f.Span.Start).ToArray();
        return new StatementReview(ordered, Score(ordered), lexicon?.Language);
    }

    private StatementLexicon? ChooseLexicon(string draft, string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return LanguageChoice.IsMostlyGreek(draft) && _lexicons.TryGetValue("el", out var greek) ? greek : _english;
        }

        return _lexiconsSpan.TryGetValue(LanguageCodes.Primary(language.AsSpan().Trim()), out var chosen) ? chosen : null;
    }

    private static void CheckPlaceholders(StatementText text, StatementLexicon lexicon, StatementContext context, List<StatementFinding> findings)
    {
        var draft = text.Draft;
        var spans = new List<StatementSpan>();
        foreach (var match in PlaceholderPattern().EnumerateMatches(draft))
        {
            var value = draft.AsSpan(match.Index, match.Length);
            if (value[0] is '[' or '<' && !IsBracketPlaceholder(value.Trim("[]<>")))
            {
                continue;
            }

            spans.Add(new StatementSpan(match.Index, match.Length));
        }

        foreach (var cue in lexicon.FindAll(text, CueKinds.Placeholder, skipNegated: false))
        {
            var span = text.Span(cue.First, cue.Last);
            if (!spans.Exists(s => s.Start <= span.Start && span.End <= s.End))
            {
                spans.Add(span);
            }
        }

        foreach (var span in spans)
        {
            var value = span.Slice(draft);
            var inner = TextFolding.FoldString(value.Trim('{', '}', '[', ']', '<', '>', ' ').Replace('_', ' ').Replace('-', ' '));
            var suggestion = context.BrandName is { Length: > 0 } brand && BrandPlaceholders.Contains(inner)
                ? $"Replace '{value}' with '{brand}'."
                : $"Replace '{value}' with the real text before publishing.";
            findings.Add(new StatementFinding(StatementRule.NoPlaceholders, StatementSeverity.Error, $"Unfilled placeholder '{value}'.", span, suggestion));
        }
    }

    /// <summary>Whether bracketed text is a placeholder: an ellipsis, ALL CAPS, or starting with a placeholder word (<c>[Insert date]</c>).</summary>
    private static bool IsBracketPlaceholder(ReadOnlySpan<char> inner)
    {
        inner = inner.Trim();
        if (inner.Length > 0 && !inner.ContainsAnyExcept(".\u2026 "))
        {
            return true;
        }

        var letters = 0;
        var lower = 0;
        foreach (var c in inner)
        {
            var kind = TextFolding.Class(c);
            letters += kind != 0 ? 1 : 0;
            lower += kind == TextFolding.Lower ? 1 : 0;
        }

        if (letters >= 2 && lower == 0)
        {
            return true;
        }

        var end = inner.IndexOfAny(' ', '_', '-');
        var first = TextFolding.FoldString((end < 0 ? inner : inner[..end]).ToString());
        return PlaceholderWords.Contains(first);
    }

    /// <summary>A suggestion's example in the statement's language (from the message catalogue).</summary>
    private static string Example(StatementLexicon lexicon, string rule) => MessageCatalog.Messages.Get(lexicon.Language, "statement.example." + rule);

    private void CheckAcknowledgement(StatementText text, StatementLexicon lexicon, StatementContext context, List<StatementFinding> findings)
    {
        if (lexicon.FindAll(text, CueKinds.Acknowledge, skipNegated: true).Count > 0)
        {
            return;
        }

        var scores = _categorizer.Categorize(text.Draft, lexicon.Language);
        if (scores.Above(NamesIssueConfidence).Count > 0 || (context.Category is { } category && scores[category] >= NamesExpectedIssueConfidence))
        {
            return;
        }

        findings.Add(new StatementFinding(
            StatementRule.AcknowledgesIssue, StatementSeverity.Warning,
            "The statement does not say what happened or that you know about it.",
            StatementSpan.None,
            Example(lexicon, "acknowledge")));
    }

    private static void CheckEmpathy(StatementText text, StatementLexicon lexicon, StatementContext context, List<StatementFinding> findings)
    {
        var nonApologies = lexicon.FindAll(text, CueKinds.NonApology, skipNegated: false);
        var apologises = lexicon.FindAll(text, CueKinds.Apology, skipNegated: true)
            .Exists(a => !nonApologies.Exists(n => n.First <= a.Last && a.First <= n.Last));
        if (apologises)
        {
            return;
        }

        if (context.Category is { } category && HarmCategories.Contains(category))
        {
            findings.Add(new StatementFinding(
                StatementRule.ExpressesEmpathy, StatementSeverity.Warning,
                $"Customers were harmed ({category.ToId()}), but the statement does not apologise.",
                StatementSpan.None,
                Example(lexicon, "apology")));
            return;
        }

        if (lexicon.FindAll(text, CueKinds.Empathy, skipNegated: true).Count == 0)
        {
            findings.Add(new StatementFinding(
                StatementRule.ExpressesEmpathy, StatementSeverity.Info,
                "The statement shows no empathy for the people affected.",
                StatementSpan.None,
                Example(lexicon, "empathy")));
        }
    }

    private static void CheckResponsibility(StatementText text, StatementLexicon lexicon, List<StatementFinding> findings)
    {
        Report(text, lexicon, CueKinds.Blame, StatementRule.TakesResponsibility, StatementSeverity.Warning,
            cue => $"Shifts blame: '{cue}'. Audiences hold the brand responsible whoever caused it.",
            "Own the problem first ('we made a mistake'); name partners or causes only after taking responsibility.", findings);
        Report(text, lexicon, CueKinds.Minimising, StatementRule.TakesResponsibility, StatementSeverity.Warning,
            cue => $"Minimises the impact: '{cue}'. To the people affected it is not small.",
            "State the scale factually (a number if you have one) without playing it down.", findings);
        Report(text, lexicon, CueKinds.NonApology, StatementRule.TakesResponsibility, StatementSeverity.Warning,
            cue => $"Conditional or minimising apology: '{cue}'. It puts the feelings of the people affected in doubt.",
            "Apologise for what happened, without 'if' or 'any inconvenience'.", findings);
    }

    private static void CheckNextSteps(StatementText text, StatementLexicon lexicon, List<StatementFinding> findings)
    {
        if (lexicon.FindAll(text, CueKinds.NextSteps, skipNegated: true).Count == 0)
        {
            findings.Add(new StatementFinding(
                StatementRule.CommitsToNextSteps, StatementSeverity.Warning,
                "The statement does not say what you are doing or will do next.",
                StatementSpan.None,
                Example(lexicon, "next-steps")));
        }
    }

    private static void CheckUpdates(StatementText text, StatementLexicon lexicon, string draft, List<(int Start, int End)> links, List<StatementFinding> findings)
    {
        if (links.Count > 0 || HandleOrEmailPattern().IsMatch(draft) || lexicon.FindAll(text, CueKinds.Updates, skipNegated: true).Count > 0)
        {
            return;
        }

        findings.Add(new StatementFinding(
            StatementRule.SaysWhereUpdatesAppear, StatementSeverity.Warning,
            "The statement does not say where updates or help will appear.",
            StatementSpan.None,
            Example(lexicon, "updates")));
    }

    private static void Report(StatementText text, StatementLexicon lexicon, CueKinds kind, StatementRule rule, StatementSeverity severity, Func<string, string> message, string suggestion, List<StatementFinding> findings)
    {
        foreach (var cue in lexicon.FindAll(text, kind, skipNegated: false))
        {
            var span = text.Span(cue.First, cue.Last);
            findings.Add(new StatementFinding(rule, severity, message(span.Slice(text.Draft)), span, suggestion));
        }
    }

    private void CheckLength(string draft, string? platform, List<(int Start, int End)> links, List<StatementFinding> findings)
    {
        if (string.IsNullOrWhiteSpace(platform))
        {
            return;
        }

        var name = PlatformLimits.Normalize(platform);
        if (name == StatementPlatforms.PressRelease)
        {
            return;
        }

        var display = PlatformLimits.Describe(name);
        if (PlatformLimits.HardLimit(name) is { } hard)
        {
            var overflow = PlatformLimits.Overflow(draft, name, hard, links, out var length);
            if (overflow >= 0)
            {
                findings.Add(new StatementFinding(
                    StatementRule.FitsPlatform, StatementSeverity.Error,
                    $"Too long for {display}: {length} characters{(name == Mentions.Platforms.X ? " as X counts them" : "")}, the limit is {hard}; the marked part does not fit.",
                    new StatementSpan(overflow, draft.Length - overflow),
                    $"Cut {length - hard} characters, or post a short holding line with a link to the full statement."));
                return;
            }

            if (hard <= _softLimit)
            {
                return;
            }
        }

        var softOverflow = PlatformLimits.Overflow(draft, string.Empty, _softLimit, links, out var graphemes);
        if (softOverflow >= 0)
        {
            findings.Add(new StatementFinding(
                StatementRule.FitsPlatform, StatementSeverity.Warning,
                $"Long for a {display} post: {graphemes} characters; beyond about {_softLimit} the text hides behind 'see more' and loses readers. The marked part runs past {_softLimit}.",
                new StatementSpan(softOverflow, draft.Length - softOverflow),
                "Keep the post to what happened, the apology, the next step and a link; put the detail behind the link."));
        }
    }

    private static void CheckTone(StatementText text, string? brandName, List<StatementFinding> findings)
    {
        var draft = text.Draft;
        var runs = new List<StatementSpan>();
        var total = 0;
        for (var i = 0; i < draft.Length; i++)
        {
            if (draft[i] is not ('!' or '\uFF01'))
            {
                continue;
            }

            var start = i;
            while (i + 1 < draft.Length && draft[i + 1] is '!' or '\uFF01' or '?')
            {
                i++;
            }

            runs.Add(new StatementSpan(start, i + 1 - start));
            total += i + 1 - start;
        }

        foreach (var run in runs)
        {
            if (run.Length > 1 || total > 1)
            {
                findings.Add(new StatementFinding(
                    StatementRule.CalmTone, StatementSeverity.Warning,
                    $"Exclamation marks ({total} in the statement) sound excited or defensive in a crisis.",
                    run,
                    "End sentences with a full stop."));
            }
            else
            {
                findings.Add(new StatementFinding(
                    StatementRule.CalmTone, StatementSeverity.Info,
                    "An exclamation mark can sound upbeat or defensive in a crisis.",
                    run,
                    "End the sentence with a full stop."));
            }
        }

        var brand = string.IsNullOrWhiteSpace(brandName) ? null : TextFolding.FoldString(brandName.Trim());
        var runStart = -1;
        var runEnd = -1;
        var runWords = 0;
        for (var w = 0; w <= text.Count; w++)
        {
            var caps = false;
            var neutral = false;
            if (w < text.Count)
            {
                var word = text[w];
                var upper = 0;
                var lower = 0;
                foreach (var c in draft.AsSpan(word.Start, word.End - word.Start))
                {
                    var kind = TextFolding.Class(c);
                    upper += kind == TextFolding.Upper ? 1 : 0;
                    lower += kind == TextFolding.Lower ? 1 : 0;
                }

                caps = upper >= 2 && lower == 0 && !(brand is not null && text.Folded(w).SequenceEqual(brand));
                neutral = upper + lower == 0;
            }

            if (caps)
            {
                runStart = runStart < 0 ? w : runStart;
                runEnd = w;
                runWords++;
            }
            else if (!neutral || w == text.Count)
            {
                if (runWords >= MinimumCapsRun)
                {
                    findings.Add(new StatementFinding(
                        StatementRule.CalmTone, StatementSeverity.Warning,
                        "ALL CAPS reads as shouting.",
                        text.Span(runStart, runEnd),
                        "Write it in sentence case."));
                }

                runStart = -1;
                runWords = 0;
            }
        }
    }

    private static void CheckBrandName(string draft, string? brandName, List<(int Start, int End)> links, List<StatementFinding> findings)
    {
        if (string.IsNullOrWhiteSpace(brandName))
        {
            return;
        }

        var brand = brandName.Trim();
        for (var at = draft.IndexOf(brand, StringComparison.OrdinalIgnoreCase); at >= 0; at = draft.IndexOf(brand, at + brand.Length, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + brand.Length;
            var wholeWord = (at == 0 || !char.IsLetterOrDigit(draft[at - 1])) && (end == draft.Length || !char.IsLetterOrDigit(draft[end]));
            var inAddress = (at > 0 && draft[at - 1] is '@' or '.' or '/' or '#') || links.Exists(l => l.Start <= at && at < l.End);
            if (wholeWord && !inAddress && !draft.AsSpan(at, brand.Length).SequenceEqual(brand))
            {
                findings.Add(new StatementFinding(
                    StatementRule.BrandName, StatementSeverity.Info,
                    $"The brand is written '{draft.Substring(at, brand.Length)}' here, not '{brand}'.",
                    new StatementSpan(at, brand.Length),
                    $"Write '{brand}'."));
            }
        }
    }

    /// <summary>Links in the draft, trailing punctuation excluded.</summary>
    private static List<(int Start, int End)> FindLinks(string draft)
    {
        var links = new List<(int Start, int End)>();
        foreach (var match in LinkPattern().EnumerateMatches(draft))
        {
            var length = draft.AsSpan(match.Index, match.Length).TrimEnd(".,;:!?)]»\"'\u2019\u201D").Length;
            if (length > 0)
            {
                links.Add((match.Index, match.Index + length));
            }
        }

        return links;
    }

    /// <summary>
    /// 100 less a penalty per rule: its most severe finding counts in full (error 40, warning 10, info 2) and each
    /// further finding of the same rule a quarter; at least 0.
    /// </summary>
    private static int Score(StatementFinding[] findings)
    {
        var penalty = 0.0;
        foreach (var rule in findings.GroupBy(f => f.Rule))
        {
            var weights = rule.Select(f => f.Severity switch
            {
                StatementSeverity.Error => ErrorPenalty,
                StatementSeverity.Warning => WarningPenalty,
                _ => InfoPenalty,
            }).OrderDescending().ToArray();
            penalty += weights[0] + (RepeatFactor * weights.Skip(1).Sum());
        }

        return (int)Math.Clamp(Math.Round(100 - penalty), 0, 100);
    }

    [GeneratedRegex(@"\{\{?[^{}\r\n]{1,40}\}\}?|\[[^\[\]\r\n]{1,40}\](?!\()|<<?[^<>\r\n]{1,40}>>?|_{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\b(?:https?://|www\.)\S+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|gr|eu|io|co|uk|info|app|ly|gov)\b(?:/\S*)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"(?<![\w@])@\w{1,30}|[\w.+-]+@[\w-]+\.[\w.-]+", RegexOptions.CultureInvariant)]
    private static partial Regex HandleOrEmailPattern();
}
