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
            "subject: Languages entry '' is not a language code (expected e.g. 'en' or 'el').");
    }

    [Fact]
    public void An_undefined_kind_is_rejected() =>
        new MonitoredSubject { Id = "x", Keywords = ["x"], Kind = (SubjectKind)42 }.Validate()
            .Should().ContainSingle().Which.Should().Be("subject 'x': Kind 42 is not a SubjectKind (Brand, Product, Campaign or Person).");

    [Fact]
    public void A_subject_needs_at_least_one_keyword_handle_or_hashtag() =>
        new MonitoredSubject { Id = "x", Exclusions = ["y"] }.Validate()
            .Should().ContainSingle().Which.Should().Contain("at least one of Keywords, Handles or Hashtags");
}
