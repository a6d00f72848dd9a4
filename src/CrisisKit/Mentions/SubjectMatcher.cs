using System.Collections.Frozen;
using CrisisKit.Text;

namespace CrisisKit.Mentions;

/// <summary>
/// Decides which <see cref="MonitoredSubject"/>s a <see cref="Mention"/> concerns, by the rules documented on
/// <see cref="MonitoredSubject"/>. Built once for a set of subjects; immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// The text of a mention is folded and split into words once; each word costs one hash-table probe whatever the
/// number of subjects, and <see cref="Match(Mention, Span{int})"/> allocates nothing.
/// </remarks>
internal sealed class SubjectMatcher
{
    [ThreadStatic] private static char[]? t_chars;
    [ThreadStatic] private static MatchToken[]? t_tokens;
    [ThreadStatic] private static byte[]? t_state;
    [ThreadStatic] private static int[]? t_touched;

    // Per-subject state while matching one mention.
    private const byte Included = 1;
    private const byte Excluded = 2;
    private const byte OwnPost = 4;

    private readonly MonitoredSubject[] _subjects;
    private readonly FrozenDictionary<string, int> _indexById;
    private readonly string[][] _languages;
    private readonly Pattern[] _patterns;
    private readonly Entry[] _entries;
    private readonly int[] _buckets;
    private readonly int _bucketMask;

    private SubjectMatcher(MonitoredSubject[] subjects)
    {
        _subjects = subjects;
        _indexById = subjects.Select((s, i) => (s.Id, i)).ToFrozenDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        // Compared by primary subtag, as a mention's language is: a subject's en-GB keeps an en or en-US mention.
        _languages = subjects.Select(s => s.Languages.Select(l => LanguageCodes.Primary(l.AsSpan().Trim()).ToString().ToLowerInvariant()).Distinct().ToArray()).ToArray();

        var patterns = new List<Pattern>();
        var entries = new List<Entry>();
        var entryIndex = new Dictionary<(ulong, MatchTokenKind, string), int>();
        for (var s = 0; s < subjects.Length; s++)
        {
            var subject = subjects[s];
            AddPatterns(subject.Keywords, MatchTokenKind.Word, s, Included);
            AddPatterns(subject.Handles, MatchTokenKind.Handle, s, Included);
            AddPatterns(subject.Hashtags, MatchTokenKind.Hashtag, s, Included);
            AddPatterns(subject.Exclusions, MatchTokenKind.Word, s, Excluded);
        }

        _patterns = [.. patterns];
        _entries = [.. entries];
        var bucketCount = 16;
        while (bucketCount < _entries.Length * 2)
        {
            bucketCount *= 2;
        }

        _buckets = new int[bucketCount];
        _bucketMask = bucketCount - 1;
        for (var e = 0; e < _entries.Length; e++)
        {
            var slot = (int)(_entries[e].Hash & (ulong)_bucketMask);
            while (_buckets[slot] != 0)
            {
                slot = (slot + 1) & _bucketMask;
            }

            _buckets[slot] = e + 1;
        }

        void AddPatterns(IReadOnlyList<string> rules, MatchTokenKind kind, int subject, byte effect)
        {
            foreach (var rule in rules)
            {
                var tokens = MatchTokenizer.TokenizeRule(rule, kind);
                var patternIndex = patterns.Count;
                patterns.Add(new Pattern(subject, effect, [.. tokens.Select(t => t.Text)], [.. tokens.Select(t => t.Kind)]));
                var first = tokens[0];
                var key = (first.Hash, first.Kind, first.Text);
                if (!entryIndex.TryGetValue(key, out var index))
                {
                    index = entries.Count;
                    entryIndex.Add(key, index);
                    entries.Add(new Entry(first.Hash, first.Kind, first.Text, []));
                }

                entries[index] = entries[index] with { Patterns = [.. entries[index].Patterns, patternIndex] };
            }
        }
    }

    /// <summary>The subjects, in the order given to <see cref="Create"/>; <see cref="Match(Mention, Span{int})"/> reports indexes into this list.</summary>
    public IReadOnlyList<MonitoredSubject> Subjects => _subjects;

    /// <summary>Builds a matcher for <paramref name="subjects"/>.</summary>
    /// <param name="subjects">The subjects to match against; identifiers must be unique.</param>
    /// <returns>A matcher for those subjects.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="subjects"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A subject is invalid (see <see cref="MonitoredSubject.Validate"/>) or two subjects share an identifier.</exception>
    public static SubjectMatcher Create(IEnumerable<MonitoredSubject> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var list = subjects.ToArray();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subject in list)
        {
            if (subject is null)
            {
                throw new ArgumentNullException(nameof(subjects), "The subjects contain a null entry.");
            }

            var errors = subject.Validate();
            if (errors.Count > 0)
            {
                throw new ArgumentException($"Invalid monitored subject: {string.Join(" ", errors)}", nameof(subjects));
            }

            if (!ids.Add(subject.Id))
            {
                throw new ArgumentException($"Two monitored subjects share the id '{subject.Id}'; ids must be unique.", nameof(subjects));
            }
        }

        return new SubjectMatcher(list);
    }

    /// <summary>Finds the index of the subject with identifier <paramref name="subjectId"/> in <see cref="Subjects"/>, or -1.</summary>
    /// <param name="subjectId">The subject's <see cref="MonitoredSubject.Id"/>.</param>
    /// <returns>The index, or -1 when no subject has that identifier.</returns>
    public int IndexOf(string subjectId)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        return _indexById.TryGetValue(subjectId, out var index) ? index : -1;
    }

    /// <summary>Lists the subjects <paramref name="mention"/> concerns. Allocates the result; see the span overload for the hot path.</summary>
    /// <param name="mention">The mention to match.</param>
    /// <returns>The matching subjects, in <see cref="Subjects"/> order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mention"/> is <see langword="null"/>.</exception>
    public IReadOnlyList<MonitoredSubject> Match(Mention mention)
    {
        ArgumentNullException.ThrowIfNull(mention);
        var indexes = new int[_subjects.Length];
        var count = Match(mention, indexes);
        var result = new MonitoredSubject[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = _subjects[indexes[i]];
        }

        return result;
    }

    /// <summary>
    /// Writes the indexes (into <see cref="Subjects"/>, ascending) of the subjects <paramref name="mention"/>
    /// concerns into <paramref name="destination"/>, without allocating.
    /// </summary>
    /// <param name="mention">The mention to match.</param>
    /// <param name="destination">Where the indexes go; at least <see cref="Subjects"/>.Count long.</param>
    /// <returns>How many subjects matched.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mention"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the number of subjects.</exception>
    public int Match(Mention mention, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(mention);
        if (destination.Length < _subjects.Length)
        {
            throw new ArgumentException($"The destination must hold at least {_subjects.Length} indexes (one per subject).", nameof(destination));
        }

        if (_subjects.Length == 0)
        {
            return 0;
        }

        var chars = t_chars ??= new char[256];
        var tokens = t_tokens ??= new MatchToken[64];
        var state = t_state;
        if (state is null || state.Length < _subjects.Length)
        {
            state = t_state = new byte[Math.Max(_subjects.Length, 64)];
        }

        var touched = t_touched ??= new int[64];
        var touchedCount = 0;

        var count = MatchTokenizer.Tokenize(mention.Text, ref chars, ref tokens);
        for (var t = 0; t < count; t++)
        {
            ref readonly var token = ref tokens[t];
            Probe(token.Hash, token.Kind, chars, tokens, count, t, state, ref touched, ref touchedCount);
            if (token.Kind == MatchTokenKind.Hashtag)
            {
                // A hashtag also stands for the same word: "#acme" mentions "acme".
                var wordHash = MatchTokenizer.Hash(chars.AsSpan(token.Start, token.Length), MatchTokenKind.Word);
                Probe(wordHash, MatchTokenKind.Word, chars, tokens, count, t, state, ref touched, ref touchedCount);
            }
        }

        var found = 0;
        if (touchedCount > 0)
        {
            var handleLength = MatchTokenizer.FoldHandle(mention.Author.Handle, ref chars, out var handleHash);
            var entry = Find(handleHash, MatchTokenKind.Handle, chars.AsSpan(0, handleLength));
            if (entry >= 0)
            {
                foreach (var p in _entries[entry].Patterns)
                {
                    var pattern = _patterns[p];
                    if (pattern.Effect == Included && pattern.Tokens.Length == 1 && state[pattern.Subject] != 0)
                    {
                        state[pattern.Subject] |= OwnPost;
                    }
                }
            }

            touched.AsSpan(0, touchedCount).Sort();
            var previous = -1;
            for (var i = 0; i < touchedCount; i++)
            {
                var s = touched[i];
                if (s == previous)
                {
                    continue;
                }

                previous = s;
                if (state[s] == Included && LanguageAllowed(s, mention.Language))
                {
                    destination[found++] = s;
                }

                state[s] = 0;
            }
        }

        t_chars = chars;
        t_tokens = tokens;
        t_touched = touched;
        return found;
    }

    private void Probe(ulong hash, MatchTokenKind kind, char[] chars, MatchToken[] tokens, int count, int t, byte[] state, ref int[] touched, ref int touchedCount)
    {
        ref readonly var token = ref tokens[t];
        var entry = Find(hash, kind, chars.AsSpan(token.Start, token.Length));
        if (entry < 0)
        {
            return;
        }

        foreach (var p in _entries[entry].Patterns)
        {
            var pattern = _patterns[p];
            if ((state[pattern.Subject] & pattern.Effect) != 0 || !RestMatches(pattern, chars, tokens, count, t))
            {
                continue;
            }

            if (state[pattern.Subject] == 0)
            {
                if (touchedCount == touched.Length)
                {
                    Array.Resize(ref touched, touched.Length * 2);
                }

                touched[touchedCount++] = pattern.Subject;
            }

            state[pattern.Subject] |= pattern.Effect;
        }
    }

    private static bool RestMatches(Pattern pattern, char[] chars, MatchToken[] tokens, int count, int first)
    {
        var length = pattern.Tokens.Length;
        if (first + length > count)
        {
            return false;
        }

        for (var k = 1; k < length; k++)
        {
            ref readonly var token = ref tokens[first + k];
            var kindMatches = token.Kind == pattern.Kinds[k]
                || (pattern.Kinds[k] == MatchTokenKind.Word && token.Kind == MatchTokenKind.Hashtag);
            if (!kindMatches || !chars.AsSpan(token.Start, token.Length).SequenceEqual(pattern.Tokens[k]))
            {
                return false;
            }
        }

        return true;
    }

    private int Find(ulong hash, MatchTokenKind kind, ReadOnlySpan<char> folded)
    {
        var slot = (int)(hash & (ulong)_bucketMask);
        while (true)
        {
            var e = _buckets[slot] - 1;
            if (e < 0)
            {
                return -1;
            }

            ref readonly var entry = ref _entries[e];
            if (entry.Hash == hash && entry.Kind == kind && folded.SequenceEqual(entry.Text))
            {
                return e;
            }

            slot = (slot + 1) & _bucketMask;
        }
    }

    private bool LanguageAllowed(int subject, string? language)
    {
        var allowed = _languages[subject];
        if (allowed.Length == 0 || string.IsNullOrEmpty(language))
        {
            return true;
        }

        var primary = LanguageCodes.Primary(language);
        foreach (var code in allowed)
        {
            if (primary.Equals(code, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Pattern(int Subject, byte Effect, string[] Tokens, MatchTokenKind[] Kinds);

    private readonly record struct Entry(ulong Hash, MatchTokenKind Kind, string Text, int[] Patterns);
}
