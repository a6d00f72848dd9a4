using CrisisKit.Mentions;

namespace CrisisKit.Tests.Mentions;

public class MonitoredSubjectTests
{
    [Fact]
    public void A_subject_with_rules_is_valid_and_its_name_defaults_to_its_id()
    {
        var subject = new MonitoredSubject { Id = "acme", Keywords = ["acme"] };
        subject.Validate().Should().BeEmpty();
        subject.Name.Should().Be("acme");
        (subject with { Name = "Acme Telecom" }).Name.Should().Be("Acme Telecom");
    }

    [Fact]
    public void Validate_names_each_problem()
    {
        var subject = new MonitoredSubject
        {
            Id = " ",
            Handles = ["@two words"],
            Hashtags = ["#"],
            Languages = [""],
        };

        subject.Validate().Should().BeEquivalentTo(
            "Id must not be empty.",
            "subject: Handles entry '@two words' must be a single handle without spaces.",
            "subject: Hashtags entry '#' contains no letter or digit.",
            "subject: Languages entry '' is empty; use a two-letter ISO 639-1 code such as 'en' or 'de', optionally with a region such as 'en-GB'.");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("el")]
    [InlineData("EN")]
    [InlineData("en-GB")]
    [InlineData("pt-BR")]
    [InlineData("pt_br")]
    [InlineData("zh-Hant-TW")]
    [InlineData(" de ")]
    public void Languages_take_iso_639_1_codes_with_or_without_a_region(string language) =>
        new MonitoredSubject { Id = "x", Keywords = ["x"], Languages = [language] }.Validate().Should().BeEmpty();

    [Theory]
    [InlineData("klingon", "is not an ISO 639-1 language code")]
    [InlineData("eng", "is not an ISO 639-1 language code (three letters make an ISO 639-2 or 639-3 code)")]
    [InlineData("eng-GB", "is not an ISO 639-1 language code (three letters make an ISO 639-2 or 639-3 code)")]
    [InlineData("gr", "is not an ISO 639-1 language code")]
    [InlineData("xx-GB", "is not an ISO 639-1 language code")]
    [InlineData("e", "is not an ISO 639-1 language code")]
    [InlineData("12", "is not an ISO 639-1 language code")]
    [InlineData("-en", "is not an ISO 639-1 language code")]
    [InlineData("en-", "has a malformed part after the language: each must be 1 to 8 letters or digits after a '-'")]
    [InlineData("en--GB", "has a malformed part after the language: each must be 1 to 8 letters or digits after a '-'")]
    [InlineData("en GB", "is not an ISO 639-1 language code")]
    [InlineData("en-G B", "has a malformed part after the language: each must be 1 to 8 letters or digits after a '-'")]
    [InlineData("en-abcdefghi", "has a malformed part after the language: each must be 1 to 8 letters or digits after a '-'")]
    [InlineData("en-a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q", "is 36 characters long; a language tag has at most 35")]
    [InlineData("  ", "is empty")]
    public void Languages_refuse_what_is_not_an_iso_639_1_code_with_a_hint(string language, string problem) =>
        new MonitoredSubject { Id = "x", Keywords = ["x"], Languages = ["en", language] }.Validate().Should().ContainSingle()
            .Which.Should().Be($"subject 'x': Languages entry '{language}' {problem}; use a two-letter ISO 639-1 code such as 'en' or 'de', optionally with a region such as 'en-GB'.");

    [Fact]
    public void A_null_language_is_named_as_null() =>
        new MonitoredSubject { Id = "x", Keywords = ["x"], Languages = [null!] }.Validate()
            .Should().ContainSingle().Which.Should().Be("subject 'x': Languages contains a null entry.");

    [Fact]
    public void An_undefined_kind_is_rejected() =>
        new MonitoredSubject { Id = "x", Keywords = ["x"], Kind = (SubjectKind)42 }.Validate()
            .Should().ContainSingle().Which.Should().Be("subject 'x': Kind 42 is not a SubjectKind (Brand, Product, Campaign or Person).");

    [Fact]
    public void A_subject_needs_at_least_one_keyword_handle_or_hashtag() =>
        new MonitoredSubject { Id = "x", Exclusions = ["y"] }.Validate()
            .Should().ContainSingle().Which.Should().Contain("at least one of Keywords, Handles or Hashtags");
}
