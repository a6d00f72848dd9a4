using CrisisKit.Mentions;
using static CrisisKit.Tests.TestMentions;

namespace CrisisKit.Tests.Mentions;

public class SubjectMatcherTests
{
    private static readonly MonitoredSubject Acme = new()
    {
        Id = "acme",
        Name = "Acme Telecom",
        Keywords = ["acme", "acme telecom", "ακμή"],
        Handles = ["@AcmeSupport"],
        Hashtags = ["#AcmeFail"],
        Exclusions = ["acme corporation cartoon"],
    };

    private static readonly MonitoredSubject Athens = new() { Id = "athens-metro", Keywords = ["Μετρό Αθήνας", "Παπάγος"], Languages = ["el"] };

    private static readonly SubjectMatcher Matcher = SubjectMatcher.Create([Acme, Athens]);

    [Theory]
    [InlineData("I love ACME phones")]
    [InlineData("acme's network is down again")]
    [InlineData("Switching to Acme-Telecom tomorrow")]
    [InlineData("thanks @acmesupport for the quick fix")]
    [InlineData("never again #ACMEFAIL")]
    [InlineData("#acme outage in my area")]
    [InlineData("ÁCMÉ has the best coverage")]
    [InlineData("Η ακμη της εταιρείας")]
    [InlineData("ΑΚΜΗ")]
    public void Matches_keywords_handles_and_hashtags_regardless_of_case_and_accents(string text) =>
        Matcher.Match(Create(text)).Should().ContainSingle().Which.Id.Should().Be("acme");

    [Theory]
    [InlineData("acmex is a different company")]
    [InlineData("the pinnacle of achievement")]
    [InlineData("email me at sales@acmesupport.com")]
    [InlineData("see https://acme.example/offers for details")]
    [InlineData("#acmefailure is not our tag")]
    [InlineData("")]
    public void Does_not_match_other_words_links_or_emails(string text) =>
        Matcher.Match(Create(text)).Should().BeEmpty();

    [Theory]
    [InlineData("Καθυστερήσεις στο ΜΕΤΡΟ ΑΘΗΝΑΣ σήμερα")]
    [InlineData("καθυστερησεις στο μετρο αθηνας")]
    [InlineData("Κλειστός ο σταθμός Παπάγου; όχι, ο ΠΑΠΑΓΟΣ")]
    public void Matches_greek_phrases_with_or_without_tonos_and_final_sigma(string text) =>
        Matcher.Match(Create(text, language: "el")).Should().ContainSingle().Which.Id.Should().Be("athens-metro");

    [Fact]
    public void Phrase_words_must_be_adjacent_and_in_order()
    {
        Matcher.Match(Create("μετρό της Αθήνας")).Should().BeEmpty();
        Matcher.Match(Create("Αθήνας μετρό")).Should().BeEmpty();
    }

    [Fact]
    public void Exclusions_veto_a_match()
    {
        Matcher.Match(Create("Watching the Acme Corporation cartoon with the kids")).Should().BeEmpty();
        Matcher.Match(Create("Acme corporation cartoons aside, acme telecom is fine")).Should().ContainSingle();
    }

    [Fact]
    public void Language_filter_keeps_listed_and_unknown_languages_only()
    {
        Matcher.Match(Create("Μετρό Αθήνας", language: "el")).Should().ContainSingle();
        Matcher.Match(Create("Μετρό Αθήνας", language: "el-GR")).Should().ContainSingle();
        Matcher.Match(Create("Μετρό Αθήνας", language: null)).Should().ContainSingle();
        Matcher.Match(Create("Μετρό Αθήνας", language: "en")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("EN")]
    [InlineData("en_gb")]
    public void A_subject_language_with_a_region_matches_mentions_by_primary_subtag(string subjectLanguage)
    {
        var matcher = SubjectMatcher.Create([new MonitoredSubject { Id = "acme", Keywords = ["acme"], Languages = [subjectLanguage] }]);

        foreach (var language in new[] { "en", "en-GB", "en-US", "EN-gb", "en_US", null })
        {
            matcher.Match(Create("acme is down", language: language)).Should().ContainSingle($"a mention in {language ?? "no language"} is English or unknown");
        }

        matcher.Match(Create("acme is down", language: "el")).Should().BeEmpty();
        matcher.Match(Create("acme is down", language: "eng")).Should().BeEmpty("a primary subtag of three letters is another code, not en");
    }

    [Fact]
    public void Posts_by_the_subjects_own_handle_are_not_mentions_of_it() =>
        Matcher.Match(Create("Acme here: we are looking into the outage", handle: "AcmeSupport")).Should().BeEmpty();

    [Fact]
    public void A_mention_can_concern_several_subjects_reported_in_subject_order()
    {
        var indexes = new int[2];
        var count = Matcher.Match(Create("Acme signal lost in the Μετρό Αθήνας again"), indexes);
        count.Should().Be(2);
        indexes.Should().Equal(0, 1);
    }

    [Fact]
    public void Span_overload_rejects_a_destination_shorter_than_the_subject_count()
    {
        var act = () => Matcher.Match(Create("acme"), new int[1]);
        act.Should().Throw<ArgumentException>().WithParameterName("destination");
    }

    [Fact]
    public void Huge_text_is_matched_without_error()
    {
        var text = string.Concat(Enumerable.Repeat("lorem ipsum dolor ", 60_000)) + " acme";
        Matcher.Match(Create(text)).Should().ContainSingle();
    }

    [Fact]
    public void Matching_allocates_nothing_per_mention()
    {
        var mention = Create("Still no signal from @AcmeSupport, #AcmeFail, worst acme telecom service 😡 https://t.co/x");
        var destination = new int[2];
        Matcher.Match(mention, destination);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Matcher.Match(mention, destination);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public void Many_subjects_are_matched_independently()
    {
        var subjects = Enumerable.Range(0, 200).Select(i => new MonitoredSubject { Id = $"s{i}", Keywords = [$"brand{i}"] }).ToList();
        var matcher = SubjectMatcher.Create(subjects);
        matcher.Match(Create("brand7 and brand150 but not brand999")).Select(s => s.Id).Should().Equal("s7", "s150");
        matcher.IndexOf("s150").Should().Be(150);
        matcher.IndexOf("missing").Should().Be(-1);
    }

    [Fact]
    public void Create_rejects_duplicate_ids_and_invalid_subjects()
    {
        var duplicate = () => SubjectMatcher.Create([Acme, Acme]);
        duplicate.Should().Throw<ArgumentException>().WithMessage("*share the id 'acme'*");

        var invalid = () => SubjectMatcher.Create([new MonitoredSubject { Id = "x", Keywords = ["!!!"] }]);
        invalid.Should().Throw<ArgumentException>().WithMessage("*Keywords entry '!!!' contains no letter or digit*");

        var klingon = () => SubjectMatcher.Create([new MonitoredSubject { Id = "x", Keywords = ["x"], Languages = ["klingon"] }]);
        klingon.Should().Throw<ArgumentException>().WithMessage("*Languages entry 'klingon' is not an ISO 639-1 language code; use a two-letter ISO 639-1 code such as 'en' or 'de'*");
    }
}
