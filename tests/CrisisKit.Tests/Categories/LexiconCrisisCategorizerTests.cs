using CrisisKit.Categories;

namespace CrisisKit.Tests.Categories;

public class LexiconCrisisCategorizerTests
{
    private static readonly LexiconCrisisCategorizer Categorizer = new();

    [Theory]
    [InlineData(CrisisCategory.ProductSafety, "My Veltro phone caught fire on the charger last night")]
    [InlineData(CrisisCategory.ProductSafety, "The battery is swelling and it burned my hand, this is a safety hazard")]
    [InlineData(CrisisCategory.CustomerService, "Been on hold for two hours and nobody answers, the staff were so rude")]
    [InlineData(CrisisCategory.DataBreach, "My account was hacked and my card details were stolen in the data breach")]
    [InlineData(CrisisCategory.OffensiveContent, "That new ad is racist and offensive, boycott them")]
    [InlineData(CrisisCategory.Misconduct, "The CEO is accused of sexual harassment by former employees")]
    [InlineData(CrisisCategory.LegalRegulatory, "They face a class action lawsuit and a fine from the regulator")]
    [InlineData(CrisisCategory.Misinformation, "That viral video is fake, it is a hoax spreading false rumours")]
    [InlineData(CrisisCategory.PricingBilling, "I was double charged and there are hidden fees on my bill")]
    [InlineData(CrisisCategory.Outage, "Is the network down? No signal and the app is not working")]
    public void English_mentions_are_tagged_with_their_category(CrisisCategory expected, string text)
    {
        var scores = Categorizer.Categorize(text, "en");
        scores.Primary.Should().Be(expected, because: $"'{text}' scored {scores}");
        scores[expected].Should().BeGreaterThanOrEqualTo(0.5);
    }

    [Theory]
    [InlineData(CrisisCategory.ProductSafety, "Πήρε φωτιά το κινητό στον φορτιστή, κινδύνεψε το παιδί μου")]
    [InlineData(CrisisCategory.CustomerService, "Μία ώρα σε αναμονή και κανείς δεν απαντάει, αγενέστατοι υπάλληλοι")]
    [InlineData(CrisisCategory.DataBreach, "Διαρροή προσωπικών δεδομένων, μου χάκαραν τον λογαριασμό")]
    [InlineData(CrisisCategory.OffensiveContent, "Προσβλητική και ρατσιστική διαφήμιση, μποϊκοτάζ")]
    [InlineData(CrisisCategory.Misconduct, "Καταγγελίες για σεξουαλική παρενόχληση από τον διευθύνοντα σύμβουλο")]
    [InlineData(CrisisCategory.LegalRegulatory, "Πρόστιμο από την Επιτροπή Ανταγωνισμού και αγωγή από καταναλωτές")]
    [InlineData(CrisisCategory.Misinformation, "Ψευδής είδηση, είναι φάρσα και fake news")]
    [InlineData(CrisisCategory.PricingBilling, "Με χρέωσαν διπλά και έχει κρυφές χρεώσεις ο λογαριασμός")]
    [InlineData(CrisisCategory.Outage, "Έπεσε το δίκτυο, δεν έχω σήμα και η εφαρμογή δεν λειτουργεί")]
    public void Greek_mentions_are_tagged_with_their_category(CrisisCategory expected, string text)
    {
        var scores = Categorizer.Categorize(text);
        scores.Primary.Should().Be(expected, because: $"'{text}' scored {scores}");
        scores[expected].Should().BeGreaterThanOrEqualTo(0.5);
    }

    [Theory]
    [InlineData("I'm dying to try the new Veltro phone")]
    [InlineData("Veltro is killing it with this camera")]
    [InlineData("Lovely weather, great day at the beach")]
    [InlineData("")]
    public void Ordinary_and_idiomatic_posts_are_not_tagged(string text) =>
        Categorizer.Categorize(text, "en").Above(0.5).Should().BeEmpty();

    [Fact]
    public void A_negated_cue_does_not_count()
    {
        Categorizer.Categorize("Good news: no outage this weekend", "en")[CrisisCategory.Outage].Should().BeLessThan(0.3);
        Categorizer.Categorize("the network is down again", "en")[CrisisCategory.Outage].Should().BeGreaterThan(0.5);
    }

    [Fact]
    public void More_cues_give_more_confidence()
    {
        var one = Categorizer.Categorize("data breach", "en")[CrisisCategory.DataBreach];
        var two = Categorizer.Categorize("data breach, my account was hacked and passwords leaked", "en")[CrisisCategory.DataBreach];
        two.Should().BeGreaterThan(one);
        two.Should().BeLessThanOrEqualTo(1);
    }

    [Fact]
    public void An_app_can_add_cues_and_rejects_malformed_ones()
    {
        var options = new CategorizerOptions();
        options.Lexicons["en"] = "[outage]\nveltro blackout\t3\n";
        new LexiconCrisisCategorizer(options).Categorize("another veltro blackout tonight", "en").Primary.Should().Be(CrisisCategory.Outage);

        options.Lexicons["en"] = "[weather]\nrain\t1\n";
        var act = () => new LexiconCrisisCategorizer(options);
        act.Should().Throw<ArgumentException>().WithMessage("CategorizerOptions.Lexicons[en]:1: unknown section [weather]*");
    }

    [Fact]
    public void Category_ids_round_trip()
    {
        foreach (var category in CrisisCategories.All)
        {
            CrisisCategories.TryParse(category.ToId(), out var parsed).Should().BeTrue();
            parsed.Should().Be(category);
        }

        CrisisCategories.TryParse("volcano", out _).Should().BeFalse();
    }

    [Fact]
    public void Categorizing_allocates_nothing()
    {
        const string text = "My account was hacked after the data breach and support put me on hold for hours";
        for (var i = 0; i < 200; i++)
        {
            Categorizer.Categorize(text, "en");
        }

        // The least of three rounds: a steady-state allocation shows in every round, while a one-off runtime
        // allocation on this thread (tiering up under a loaded machine) shows in one at most.
        var least = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                Categorizer.Categorize(text, "en");
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        least.Should().Be(0);
    }
}
