using CrisisKit.Text;

namespace CrisisKit.Tests.Text;

public class MessageCatalogTests
{
    [Fact]
    public void Every_language_file_has_exactly_the_english_keys()
    {
        var catalog = MessageCatalog.Messages;
        catalog.Languages.Should().Contain(["en", "el"]);
        var english = Keys("en");
        foreach (var language in catalog.Languages)
        {
            Keys(language).Should().BeEquivalentTo(english, $"{language}.messages.txt must translate every message");
        }
    }

    [Fact]
    public void A_language_without_a_file_falls_back_to_english_and_an_unknown_key_is_a_bug()
    {
        MessageCatalog.Messages.Get("de", "issue.outage").Should().Be("a service outage");
        MessageCatalog.Messages.Get("el", "issue.outage").Should().Be("μια διακοπή υπηρεσίας");
        MessageCatalog.Messages.Get(null, "issue.outage").Should().Be("a service outage");
        FluentActions.Invoking(() => MessageCatalog.Messages.Get("en", "no.such.key")).Should().Throw<KeyNotFoundException>().WithMessage("*'no.such.key'*");
    }

    private static IEnumerable<string> Keys(string language)
    {
        using var stream = typeof(MessageCatalog).Assembly.GetManifestResourceStream($"CrisisKit.Messages.{language}.messages.txt")!;
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)].Trim())];
    }
}
