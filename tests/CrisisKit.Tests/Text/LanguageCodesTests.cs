using CrisisKit.Text;

namespace CrisisKit.Tests.Text;

public class LanguageCodesTests
{
    [Fact]
    public void Iso639_1_holds_the_184_two_letter_codes_in_lower_case()
    {
        LanguageCodes.Iso639_1.Should().HaveCount(184);
        LanguageCodes.Iso639_1.Should().OnlyContain(c => c.Length == 2 && c.All(char.IsAsciiLetterLower));
        LanguageCodes.Iso639_1.Should().Contain(["en", "el", "de", "pt", "zh", "he", "yi", "id", "nb", "nn", "no", "sr", "hr", "bs", "aa", "zu"]);
    }

    [Theory]
    [InlineData("gr")] // Greek is el
    [InlineData("iw")] // withdrawn for he
    [InlineData("in")] // withdrawn for id
    [InlineData("ji")] // withdrawn for yi
    [InlineData("sh")] // withdrawn Serbo-Croatian
    [InlineData("xx")]
    [InlineData("eng")]
    [InlineData("e")]
    [InlineData("")]
    public void Codes_outside_iso_639_1_are_not_known(string code) =>
        LanguageCodes.IsIso639_1(code).Should().BeFalse();

    [Theory]
    [InlineData("en", "en")]
    [InlineData("en-GB", "en")]
    [InlineData("pt_BR", "pt")]
    [InlineData("zh-Hant-TW", "zh")]
    [InlineData("-en", "-en")]
    public void Primary_is_the_part_before_the_first_separator(string tag, string primary) =>
        LanguageCodes.Primary(tag).ToString().Should().Be(primary);

    [Theory]
    [InlineData("en")]
    [InlineData("El")]
    [InlineData("sr-Latn-RS")]
    [InlineData("de-CH-1901")]
    [InlineData("es-419")]
    public void Tags_on_an_iso_639_1_code_have_no_problem(string tag) =>
        LanguageCodes.Problem(tag).Should().BeNull();
}
