using System.Collections.Frozen;
using System.Reflection;

namespace CrisisKit.Text;

/// <summary>
/// Localised text as data: one embedded file per language (<c>{language}.{kind}.txt</c>, <c>key = text</c> lines,
/// <c>#</c> comments), so a third language is a new file, not new code. A key missing from a language falls back to
/// English; a key missing from English is a bug and throws.
/// </summary>
internal sealed class MessageCatalog
{
    private const string Fallback = "en";
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLanguage;

    private MessageCatalog(FrozenDictionary<string, FrozenDictionary<string, string>> byLanguage) => _byLanguage = byLanguage;

    /// <summary>The catalogue of CrisisKit's own messages (notifications, statement suggestions).</summary>
    public static MessageCatalog Messages { get; } = Load(typeof(MessageCatalog).Assembly, "CrisisKit.Messages.", ".messages.txt");

    /// <summary>The languages that have a file.</summary>
    public IReadOnlyCollection<string> Languages => _byLanguage.Keys;

    /// <summary>Loads every resource of <paramref name="assembly"/> named <c>{prefix}{language}{suffix}</c>.</summary>
    /// <param name="assembly">The assembly that embeds the files.</param>
    /// <param name="prefix">The resource-name prefix.</param>
    /// <param name="suffix">The resource-name suffix, for example <c>.labels.txt</c>.</param>
    /// <returns>The catalogue.</returns>
    public static MessageCatalog Load(Assembly assembly, string prefix, string suffix)
    {
        var byLanguage = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal)))
        {
            var language = resource[prefix.Length..^suffix.Length];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            byLanguage[language] = Parse(resource, reader).ToFrozenDictionary(StringComparer.Ordinal);
        }

        if (!byLanguage.ContainsKey(Fallback))
        {
            throw new InvalidOperationException($"The message catalogue '{prefix}*{suffix}' has no English file.");
        }

        return new MessageCatalog(byLanguage.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/>, or in English when that language lacks it.</summary>
    /// <param name="language">A language code such as <c>el</c>; <see langword="null"/> for English.</param>
    /// <param name="key">The message key.</param>
    /// <returns>The text.</returns>
    public string Get(string? language, string key)
    {
        if (language is not null && _byLanguage.TryGetValue(language, out var messages) && messages.TryGetValue(key, out var text))
        {
            return text;
        }

        return _byLanguage[Fallback].TryGetValue(key, out var english)
            ? english
            : throw new KeyNotFoundException($"The message '{key}' is missing from the English catalogue.");
    }

    /// <summary>Whether <paramref name="language"/> has a file.</summary>
    /// <param name="language">A language code.</param>
    /// <returns><see langword="true"/> when the catalogue has that language.</returns>
    public bool Has(string? language) => language is not null && _byLanguage.ContainsKey(language);

    private static Dictionary<string, string> Parse(string name, TextReader reader)
    {
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !messages.TryAdd(trimmed[..equals].TrimEnd(), trimmed[(equals + 1)..].TrimStart()))
            {
                throw new InvalidDataException($"{name} line {number}: expected a new 'key = text' line.");
            }
        }

        return messages;
    }
}
