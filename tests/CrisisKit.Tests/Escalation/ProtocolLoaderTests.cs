using CrisisKit.Categories;
using CrisisKit.Escalation;
using CrisisKit.Hosting;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisKit.Tests.Escalation;

public sealed class ProtocolLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("crisiskit-protocols-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string json, string name = "p.json")
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string Valid(string extra = "", string id = "p") => $$"""
        {
          "id": "{{id}}", "name": "P",
          "people": { "ann": { "name": "Ann", "contacts": { "console": "ann" } } },
          "roles": { "lead": ["ann"] },
          "escalation": [ { "notify": ["lead"], "channels": ["console"], "waitForAcknowledgement": "15m", "repeatEvery": "5m" } ],
          "messages": { "en": { "holding": "We are looking into {issue} at {brand}." } }{{extra}}
        }
        """;

    private static ProtocolError Single(Action act) =>
        act.Should().Throw<ProtocolLoadException>().Which.Errors.Should().ContainSingle().Subject;

    private static ProtocolError Find(Action act, string path) =>
        act.Should().Throw<ProtocolLoadException>().Which.Errors.Should().ContainSingle(e => e.Path == path).Subject;

    [Fact]
    public void The_sample_protocol_set_loads_in_english_and_greek()
    {
        var protocols = ProtocolFiles.LoadAll([RepositoryPaths.SampleProtocols], ["console", "webhook"]);

        protocols.Select(p => p.Id).Should().BeEquivalentTo(["data-breach", "product-safety", "serious", "standard"]);
        protocols.Should().OnlyContain(p => p.Messages.ContainsKey("en") && p.Messages.ContainsKey("el"));
        var set = new ProtocolSet(protocols);
        set.Select(SeverityLevel.Low, null, "veltro")!.Id.Should().Be("standard");
        set.Select(SeverityLevel.Critical, CrisisCategory.Outage, "veltro")!.Id.Should().Be("serious");
        set.Select(SeverityLevel.High, CrisisCategory.DataBreach, "veltro")!.Id.Should().Be("data-breach");
        set.Select(SeverityLevel.High, CrisisCategory.ProductSafety, "veltro")!.Id.Should().Be("product-safety");
    }

    [Fact]
    public void A_valid_protocol_loads()
    {
        var protocol = ProtocolFiles.LoadAll([Write(Valid())], ["console"]).Should().ContainSingle().Subject;
        protocol.Escalation[0].WaitForAcknowledgement.Should().Be(TimeSpan.FromMinutes(15));
        protocol.Escalation[0].RepeatEvery.Should().Be(TimeSpan.FromMinutes(5));
    }

    [Theory]
    [InlineData("\"15 minutes\"", "$.escalation[0].waitForAcknowledgement", "'15 minutes' is not a duration*")]
    [InlineData("\"-5m\"", "$.escalation[0].waitForAcknowledgement", "'-5m' is not a duration*")]
    [InlineData("\"0s\"", "$.escalation[0].waitForAcknowledgement", "must be a positive duration*")]
    public void A_bad_duration_names_its_path(string value, string path, string message)
    {
        var file = Write(Valid().Replace("\"15m\"", value, StringComparison.Ordinal));

        var error = Find(() => ProtocolFiles.LoadAll([file], ["console"]), path);

        error.File.Should().Be(file);
        error.Message.Should().Match(message);
    }

    [Fact]
    public void Malformed_json_names_the_line()
    {
        var file = Write("{ \"id\": \"p\", ");

        var error = Single(() => ProtocolFiles.LoadAll([file]));

        error.Message.Should().Contain("(line ");
    }

    [Fact]
    public void An_unknown_property_is_refused_with_its_path()
    {
        var error = Single(() => ProtocolFiles.LoadAll([Write(Valid(", \"escalatoin\": []"))]));

        error.Path.Should().Be("$.escalatoin");
        error.Message.Should().Contain("escalatoin");
    }

    [Theory]
    [InlineData("\"roles\": { \"lead\": [\"ann\"] }", "\"roles\": { \"lead\": [\"bob\"] }", "$.roles.lead[0]", "the person 'bob' is not in $.people.")]
    [InlineData("\"notify\": [\"lead\"]", "\"notify\": [\"boss\"]", "$.escalation[0].notify[0]", "the role 'boss' is not in $.roles.")]
    [InlineData("\"channels\": [\"console\"]", "\"channels\": [\"pager\"]", "$.escalation[0].channels[0]", "the channel 'pager' is not registered; the channels are: console.")]
    [InlineData("\"repeatEvery\": \"5m\"", "\"repeatEvery\": \"20m\"", "$.escalation[0].repeatEvery", "must be positive and shorter than waitForAcknowledgement (15m).")]
    [InlineData("{issue}", "{isue}", "$.messages.en.holding", "the placeholder {isue} is unknown; *")]
    [InlineData("\"holding\"", "\"update\"", "$.messages", "needs a 'holding' statement in at least one language.")]
    [InlineData("\"name\": \"P\"", "\"name\": \"P\", \"appliesTo\": { \"categories\": [\"hack\"] }", "$.appliesTo.categories[0]", "'hack' is not a crisis category; *")]
    public void Each_mistake_is_reported_with_its_json_path(string find, string replace, string path, string message)
    {
        var file = Write(Valid().Replace(find, replace, StringComparison.Ordinal));

        var error = Find(() => ProtocolFiles.LoadAll([file], ["console"]), path);

        error.Message.Should().Match(message);
        error.ToString().Should().StartWith(file + ": " + path + ": ");
    }

    [Fact]
    public void Approval_gates_and_permissions_must_name_real_roles_and_actions()
    {
        var file = Write(Valid(", \"approvals\": [ { \"id\": \"legal\", \"role\": \"lawyer\" } ], \"permissions\": { \"fly\": [\"lead\"] }"));

        var errors = FluentActions.Invoking(() => ProtocolFiles.LoadAll([file])).Should().Throw<ProtocolLoadException>().Which.Errors;

        errors.Select(e => e.Path).Should().BeEquivalentTo(["$.approvals[0].role", "$.permissions.fly"]);
    }

    [Fact]
    public void Two_protocols_with_one_id_are_refused()
    {
        var a = Write(Valid(), "a.json");
        Write(Valid(), "b.json");

        var error = Single(() => ProtocolFiles.LoadAll([_directory]));

        error.Message.Should().Be($"the id 'p' is also used by {a}; protocol ids must be unique.");
    }

    [Fact]
    public void A_bad_protocol_fails_host_start_with_the_file_the_path_and_the_reason()
    {
        var file = Write(Valid().Replace("\"15m\"", "\"soon\"", StringComparison.Ordinal));
        var services = new ServiceCollection();
        services.AddCrisisKit().AddProtocolFiles(file).AddNotificationChannel(new InMemoryNotificationChannel("console"));
        using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle()
            .Which.Should().Be($"Response protocol {file}: $.escalation[0].waitForAcknowledgement: 'soon' is not a duration; write it like \"90s\", \"15m\", \"2h\", \"1d\" or \"00:15:00\". (line 5)");
    }

    [Fact]
    public void Placeholders_are_filled_and_unknown_ones_left_visible()
    {
        MessageTemplate.Fill("{brand} knows about {issue}; {other}", new Dictionary<string, string> { ["brand"] = "Veltro", ["issue"] = "the outage" })
            .Should().Be("Veltro knows about the outage; {other}");
    }
}
