using System.Text;
using CrisisKit.Hosting;
using CrisisKit.Mentions;

namespace CrisisKit.Tests.Mentions;

public class SubjectLoaderTests
{
    private static IReadOnlyList<MonitoredSubject> Load(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return SubjectLoader.Load(stream, "subjects.json");
    }

    private static string[] Problems(string json) =>
        [.. FluentActions.Invoking(() => Load(json)).Should().Throw<SubjectLoadException>().Which.Errors.Select(e => e.ToString())];

    [Fact]
    public void Reads_subjects_with_every_list_optional()
    {
        var subjects = Load("""
            [
              // comments and trailing commas are allowed
              { "id": "acme", "name": "Acme", "kind": "product", "keywords": ["acme"], "handles": ["@acme"], "languages": ["en"], },
              { "id": "metro", "hashtags": ["#metro"] },
            ]
            """);

        subjects.Should().HaveCount(2);
        subjects[0].Should().BeEquivalentTo(new MonitoredSubject { Id = "acme", Name = "Acme", Kind = SubjectKind.Product, Keywords = ["acme"], Handles = ["@acme"], Languages = ["en"] });
        subjects[1].Name.Should().Be("metro");
        subjects[1].Keywords.Should().BeEmpty();
    }

    [Theory]
    [InlineData("[null]", "subjects.json: $[0]: must not be null; give a subject (an object with id, name, kind, keywords, handles, hashtags, languages, exclusions) or remove the entry. (line 1)")]
    [InlineData("null", "subjects.json: $: the file holds null, not a list of subjects.")]
    [InlineData("{}", "subjects.json: $: must be a list of subjects: [ { \"id\": \"acme\", \"keywords\": [\"acme\"] } ] (was an object). (line 1)")]
    [InlineData("[]", "subjects.json: $: names no subject; give at least one, such as [ { \"id\": \"acme\", \"keywords\": [\"acme\"] } ].")]
    [InlineData("[{\"id\": \"a\", \"keywords\": null}]", "subjects.json: $[0].keywords: must not be null; give a list of texts in double quotes or leave the property out. (line 1)")]
    [InlineData("[{\"id\": \"a\", \"keywords\": [null]}]", "subjects.json: $[0].keywords[0]: must not be null; give text in double quotes or remove the entry. (line 1)")]
    [InlineData("[{\"id\": 7, \"keywords\": [\"a\"]}]", "subjects.json: $[0].id: must be text in double quotes (was the number 7). (line 1)")]
    [InlineData("[{\"id\": \"a\", \"kind\": \"Company\", \"keywords\": [\"a\"]}]", "subjects.json: $[0].kind: 'Company' is not a subject kind; use one of Brand, Product, Campaign, Person. (line 1)")]
    [InlineData("[{\"id\": \"a\", \"keyword\": [\"a\"]}]", "subjects.json: $[0].keyword: 'keyword' is not a property of a subject (an object with id, name, kind, keywords, handles, hashtags, languages, exclusions); did you mean 'keywords'? (line 1)")]
    [InlineData("[{\"id\": \"a\", \"id\": \"b\", \"keywords\": [\"a\"]}]", "subjects.json: $[0].id: is given twice; each property may appear once (the copies would silently replace each other). (line 1)")]
    [InlineData("[{\"keywords\": [\"a\"]}]", "subjects.json: $[0]: has no id; every subject needs one, such as \"acme\". (line 1)")]
    [InlineData("[{\"id\": \"a\"}]", "subjects.json: $[0]: subject 'a': at least one of Keywords, Handles or Hashtags is required. (line 1)")]
    [InlineData("[{\"id\": \"a\", \"keywords\": [\"a\"], \"languages\": [\"en\", \"gr\"]}]", "subjects.json: $[0]: subject 'a': Languages entry 'gr' is not an ISO 639-1 language code; use a two-letter ISO 639-1 code such as 'en' or 'de', optionally with a region such as 'en-GB'. (line 1)")]
    [InlineData("[{\"id\": \"a\", \"keywords\": [\"a\"]},\n{\"id\": \"a\", \"keywords\": [\"b\"]}]", "subjects.json: $[1].id: the id 'a' is also used by $[0]; subject ids must be unique. (line 2)")]
    [InlineData("[{\"id\": \"a\", ", "subjects.json: $: invalid JSON: expected start of a property name or value, but instead reached end of data. (line 1)")]
    public void Every_problem_is_a_path_and_a_reason(string json, string problem)
    {
        Problems(json).Should().ContainSingle().Which.Should().Be(problem);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        Problems("[null, {\"id\": 1}, {\"id\": \"x\", \"kind\": 5}]").Should().HaveCount(3);
    }

    [Fact]
    public void A_missing_file_is_a_problem_not_a_crash()
    {
        FluentActions.Invoking(() => SubjectFiles.Load("/no/such/subjects.json")).Should().Throw<SubjectLoadException>()
            .Which.Errors.Should().ContainSingle().Which.ToString().Should().Be("/no/such/subjects.json: $: no such file or directory.");
    }
}
