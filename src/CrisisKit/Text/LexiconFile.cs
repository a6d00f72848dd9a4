using System.Globalization;

namespace CrisisKit.Text;

/// <summary>One entry of a lexicon file: its section, term, optional value and line.</summary>
internal readonly record struct LexiconLine(string Section, string Term, double? Value, int LineNumber);

/// <summary>
/// Reads the lexicon file format shared by the sentiment and category lexicons: UTF-8 text, <c>[section]</c>
/// headers, one <c>term&lt;TAB&gt;value</c> entry per line (the value optional where a section allows it), and
/// <c>#</c> comments (a whole line, or after white space). A line that starts with <c>#</c> directly followed by a
/// letter and holding a TAB is a hashtag term, not a comment.
/// </summary>
internal static class LexiconFile
{
    /// <exception cref="FormatException">A section is not one of <paramref name="sections"/>, an entry comes before any section, or a value is not a number; the message names <paramref name="source"/> and the line.</exception>
    public static IEnumerable<LexiconLine> Read(string text, string source, IReadOnlyCollection<string> sections)
    {
        var section = (string?)null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(raw.AsSpan().TrimEnd('\r')).TrimEnd();
            if (line.Trim().IsEmpty)
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                section = line[1..^1].Trim().ToString().ToLowerInvariant();
                if (!sections.Contains(section))
                {
                    throw Error(source, lineNumber, $"unknown section [{section}]; expected {string.Join(", ", sections.Select(s => $"[{s}]"))}");
                }

                continue;
            }

            if (section is null)
            {
                throw Error(source, lineNumber, "an entry before any [section] header");
            }

            var tab = line.IndexOf('\t');
            var term = (tab < 0 ? line : line[..tab]).Trim().ToString();
            double? value = null;
            if (tab >= 0)
            {
                var valueText = line[(tab + 1)..].Trim();
                if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed))
                {
                    throw Error(source, lineNumber, $"the value of '{term}' is not a number ('{valueText}')");
                }

                value = parsed;
            }

            if (term.Length == 0)
            {
                throw Error(source, lineNumber, "an empty term");
            }

            yield return new LexiconLine(section, term, value, lineNumber);
        }
    }

    /// <summary>A format error naming the source and line.</summary>
    public static FormatException Error(string source, int line, string message) => new($"{source}:{line}: {message}.");

    private static ReadOnlySpan<char> StripComment(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith('#') && (trimmed.Length < 2 || !char.IsLetterOrDigit(trimmed[1]) || trimmed.IndexOf('\t') < 0))
        {
            return [];
        }

        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '#' && char.IsWhiteSpace(line[i - 1]))
            {
                return line[..(i - 1)];
            }
        }

        return line;
    }
}
