using CrisisKit.Sentiment;

namespace CrisisKit.Tests.Sentiment;

public class LexiconSentimentAnalyzerTests
{
    private static readonly LexiconSentimentAnalyzer Analyzer = new();

    private static double En(string text) => Analyzer.Analyze(text, "en").Compound;

    private static double El(string text) => Analyzer.Analyze(text, "el").Compound;

    [Fact]
    public void Empty_and_neutral_texts_score_zero()
    {
        Analyzer.Analyze("").Should().Be(default(SentimentScore));
        En("The store opens at nine on Monday").Should().Be(0);
        Analyzer.Analyze("The store opens at nine on Monday", "en").Neutral.Should().Be(1);
    }

    [Theory]
    [InlineData("I love this phone")]
    [InlineData("Great service, thank you")]
    [InlineData("Best upgrade ever")]
    public void Positive_words_score_positive(string text) => En(text).Should().BeGreaterThan(0.3);

    [Theory]
    [InlineData("I hate this phone")]
    [InlineData("Terrible service, awful staff")]
    [InlineData("Worst experience ever")]
    public void Negative_words_score_negative(string text) => En(text).Should().BeLessThan(-0.3);

    [Fact]
    public void Scores_are_bounded_and_shares_add_up_to_one()
    {
        var score = Analyzer.Analyze("great great great great great amazing wonderful love love love!!!!", "en");
        score.Compound.Should().BeInRange(0.9, 1.0);
        (score.Positive + score.Negative + score.Neutral).Should().BeApproximately(1, 1e-6);
    }

    [Fact]
    public void Negation_flips_the_following_words_within_its_clause()
    {
        En("the service was good").Should().BeGreaterThan(0);
        En("the service was not good").Should().BeLessThan(0);
        En("the service wasn't good").Should().BeLessThan(0);
        En("the service isnt good").Should().BeLessThan(0);
        En("not the end of the world, good service").Should().BeGreaterThan(0, "a comma ends the negation's scope");
    }

    [Fact]
    public void Intensifiers_strengthen_and_dampeners_weaken()
    {
        var plain = En("the app is good");
        En("the app is very good").Should().BeGreaterThan(plain);
        En("the app is extremely good").Should().BeGreaterThan(plain);
        En("the app is slightly good").Should().BeInRange(0.0001, plain);
        En("the app is very bad").Should().BeLessThan(En("the app is bad"));
    }

    [Fact]
    public void What_follows_but_outweighs_what_precedes_it()
    {
        En("The phone is great but the support is terrible").Should().BeLessThan(0);
        En("The support is terrible but the phone is great").Should().BeGreaterThan(0);
    }

    [Fact]
    public void Caps_emphasis_counts_only_in_mixed_case_text()
    {
        En("the support was TERRIBLE today").Should().BeLessThan(En("the support was terrible today"));
        En("THE SUPPORT WAS TERRIBLE TODAY").Should().Be(En("the support was terrible today"), "all-caps text is shouting throughout, not emphasis");
    }

    [Fact]
    public void Exclamation_marks_strengthen_and_repeated_question_marks_too()
    {
        En("this is bad!!!").Should().BeLessThan(En("this is bad"));
        En("good!!").Should().BeGreaterThan(En("good"));
        En("why is this so bad???").Should().BeLessThan(En("why is this so bad"));
    }

    [Fact]
    public void Elongated_words_are_recognised_and_emphasised()
    {
        En("soooo goooood").Should().BeGreaterThan(En("so good"));
        En("this is baaaad").Should().BeLessThan(0);
    }

    [Fact]
    public void Emoticons_and_emoji_carry_sentiment_with_skin_tones_and_variation_selectors_ignored()
    {
        En("new phone :)").Should().BeGreaterThan(0);
        En("new phone :-(").Should().BeLessThan(0);
        En("new phone 😍").Should().BeGreaterThan(0);
        En("new phone 😡").Should().BeLessThan(0);
        En("new phone 👍🏽").Should().BeGreaterThan(0);
        En("new phone ❤️").Should().BeGreaterThan(0);
    }

    [Fact]
    public void Slang_and_abbreviations_are_understood()
    {
        En("wtf is this update").Should().BeLessThan(0);
        En("this update ftw").Should().BeGreaterThan(0);
    }

    [Fact]
    public void Hashtags_are_split_into_words_and_handles_and_links_are_ignored()
    {
        En("#GreatService from them").Should().BeGreaterThan(0);
        En("@happy_helper https://great.example/love").Should().Be(0);
        En("#fail").Should().BeLessThan(0);
    }

    [Fact]
    public void Html_entities_are_decoded()
    {
        En("I &lt;3 this").Should().BeGreaterThan(0);
        En("Tom &amp; Jerry were awful").Should().BeLessThan(0);
    }

    [Theory]
    [InlineData("Τέλειο κινητό, μπράβο!")]
    [InlineData("Πολύ ευχαριστημένος με την εξυπηρέτηση")]
    [InlineData("Ευχαριστώ πολύ για τη βοήθεια")]
    [InlineData("τελειο κινητο, μπραβο")]
    public void Greek_praise_scores_positive_with_or_without_tonos(string text) => El(text).Should().BeGreaterThan(0.3);

    [Theory]
    [InlineData("Απαράδεκτη εξυπηρέτηση, ντροπή σας")]
    [InlineData("ΑΠΑΡΑΔΕΚΤΟΙ")]
    [InlineData("Άθλιο δίκτυο, χάλια")]
    [InlineData("απαραδεκτη εξυπηρετηση")]
    public void Greek_complaints_score_negative_with_or_without_tonos_and_in_capitals(string text) => El(text).Should().BeLessThan(-0.3);

    [Fact]
    public void Greek_negation_intensifiers_and_contrast_work()
    {
        El("η εξυπηρέτηση δεν είναι καλή").Should().BeLessThan(0);
        El("πολύ καλό").Should().BeGreaterThan(El("καλό"));
        El("Ωραίο κινητό αλλά η εξυπηρέτηση είναι απαίσια").Should().BeLessThan(0);
    }

    [Fact]
    public void Greek_text_is_recognised_by_its_script_when_no_language_is_given()
    {
        Analyzer.Analyze("Απαράδεκτη εξυπηρέτηση").Compound.Should().BeLessThan(0);
        Analyzer.Analyze("Terrible service").Compound.Should().BeLessThan(0);
    }

    [Fact]
    public void An_app_can_add_terms_and_whole_languages()
    {
        var options = new SentimentOptions();
        options.Lexicons["en"] = "[words]\nveltrotastic\t3.0\n";
        options.Lexicons["de"] = "[words]\ngut\t2.0\nschlecht\t-2.0\n[negators]\nnicht\n";
        var analyzer = new LexiconSentimentAnalyzer(options);

        analyzer.Analyze("simply veltrotastic", "en").Compound.Should().BeGreaterThan(0.5);
        analyzer.Analyze("das ist gut", "de").Compound.Should().BeGreaterThan(0);
        analyzer.Analyze("das ist nicht gut", "de-AT").Compound.Should().BeLessThan(0);
        analyzer.Analyze("das ist gut 😡😡😡", "de").Compound.Should().BeLessThan(0, "emoji are shared by every language");
        analyzer.Languages.Should().Contain(["en", "el", "de"]);
    }

    [Fact]
    public void A_malformed_app_lexicon_is_rejected_naming_the_language_line_and_problem()
    {
        var options = new SentimentOptions();
        options.Lexicons["en"] = "[words]\nfine\t1.0\nbroken\tvery\n";
        var act = () => new LexiconSentimentAnalyzer(options);
        act.Should().Throw<ArgumentException>().WithMessage("SentimentOptions.Lexicons[en]:3: the value of 'broken' is not a number ('very')*");

        options.Lexicons["en"] = "[feelings]\nfine\t1.0\n";
        act.Should().Throw<ArgumentException>().WithMessage("*:1: unknown section [feelings]*");

        options.Lexicons["en"] = "[words]\nfine\t9\n";
        act.Should().Throw<ArgumentException>().WithMessage("*:2: 'fine' needs a value from -4 to 4*");
    }

    [Fact]
    public void A_final_d_is_taken_as_an_inflection_only_after_an_e()
    {
        En("they hated it").Should().BeLessThan(0, "hated -> hate");
        En("she loved it").Should().BeGreaterThan(0, "loved -> love");
        En("the wind is cold today").Should().BeLessThanOrEqualTo(0, "wind is not win + d");
    }

    [Fact]
    public void Suffix_rules_with_the_same_suffix_and_different_replacements_are_all_tried()
    {
        var analyzer = new LexiconSentimentAnalyzer(new SentimentOptions
        {
            Lexicons = { ["en"] = "[words]\nzorble\t2.0\nquib\t-2.0\n[suffixes]\nings>e\nings\n" },
        });
        analyzer.Analyze("zorblings", "en").Compound.Should().BeGreaterThan(0);
        analyzer.Analyze("quibings", "en").Compound.Should().BeLessThan(0);
    }

    [Fact]
    public void Praise_in_a_question_counts_half_and_complaints_in_a_question_count_fully()
    {
        En("any good films on tonight?").Should().BeInRange(0.0001, En("any good films on tonight") * 0.75);
        En("why is the app so bad?").Should().BeApproximately(En("why is the app so bad"), 1e-6);
        En("is it good? it is good.").Should().BeGreaterThan(En("is it good?"), "only the asking sentence is weakened");
    }

    [Fact]
    public void Greek_praise_in_a_question_counts_half()
    {
        El("είναι καλό\u037E").Should().BeInRange(0.0001, El("είναι καλό") * 0.75);
        El("είναι καλό?").Should().BeInRange(0.0001, El("είναι καλό") * 0.75);
    }

    [Fact]
    public void Impossible_options_are_rejected()
    {
        var act = () => new LexiconSentimentAnalyzer(new SentimentOptions { NeutralThreshold = 2 });
        act.Should().Throw<ArgumentException>().WithMessage("*NeutralThreshold must be between 0 and 0.9*");
        var language = () => new LexiconSentimentAnalyzer(new SentimentOptions { DefaultLanguage = "xx" });
        language.Should().Throw<ArgumentException>().WithMessage("*DefaultLanguage must be a language with a lexicon*");
    }

    [Fact]
    public void Labels_use_the_neutral_threshold()
    {
        new SentimentScore(0.04, 0, 0, 1).ToLabel().Should().Be(SentimentLabel.Neutral);
        new SentimentScore(0.05, 0, 0, 1).ToLabel().Should().Be(SentimentLabel.Positive);
        new SentimentScore(-0.2, 0, 0, 1).ToLabel(0.3).Should().Be(SentimentLabel.Neutral);
        Analyzer.Label("awful", "en").Should().Be(SentimentLabel.Negative);
    }

    [Fact]
    public void Scoring_allocates_nothing_and_gives_the_same_result_on_every_thread()
    {
        const string text = "@VeltroCare your app is SOOO slow today!!! not happy 😡 #fail https://t.co/x";
        var expected = Analyzer.Analyze(text, "en");
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Analyzer.Analyze(text, "en");
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        Enumerable.Range(0, 64).AsParallel().Select(_ => Analyzer.Analyze(text, "en")).Should().OnlyContain(s => s.Equals(expected));
    }

    [Fact]
    public void Huge_text_is_scored()
    {
        var text = string.Concat(Enumerable.Repeat("good service. ", 50_000));
        En(text).Should().BeGreaterThan(0.9);
    }
}
