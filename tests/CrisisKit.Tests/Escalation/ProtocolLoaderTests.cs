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
    public void A_file_reached_twice_is_read_once_and_upper_case_extensions_are_read()
    {
        var a = Write(Valid(), "a.json");
        var upper = Write(Valid(id: "q"), "Q.JSON");
        Directory.CreateDirectory(Path.Combine(_directory, "sub"));
        Write(Valid(id: "r"), Path.Combine("sub", "r.json"));

        ProtocolFiles.Sources([_directory, a, Path.Combine(_directory, ".", "a.json"), upper]).Select(s => s.Name).Should().Equal(upper, a);
        ProtocolFiles.LoadAll([a, a]).Should().ContainSingle().Which.Id.Should().Be("p");
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

    private static ProtocolError[] Errors(string json) =>
        [.. FluentActions.Invoking(() => ProtocolLoader.LoadAll([ProtocolSource.FromJson("p.json", json)], ["console"])).Should().Throw<ProtocolLoadException>().Which.Errors];

    [Theory]
    [InlineData("\"people\": {", "\"people\": null, \"x\": {", "$.people", "must not be null; give an object of people by person id or leave the property out. (line 3)")]
    [InlineData("\"ann\": {", "\"ann\": null, \"bob\": {", "$.people.ann", "must not be null; give a person (an object with name, language, contacts) or leave the property out. (line 3)")]
    [InlineData("\"contacts\": { \"console\": \"ann\" }", "\"contacts\": null", "$.people.ann.contacts", "must not be null; give an object of addresses by channel name, such as { \"console\": \"ann\" } or leave the property out. (line 3)")]
    [InlineData("\"lead\": [\"ann\"]", "\"lead\": null", "$.roles.lead", "must not be null; give a list of person ids in double quotes or leave the property out. (line 4)")]
    [InlineData("\"escalation\": [ {", "\"escalation\": null, \"x\": [ {", "$.escalation", "must not be null; give a list of escalation steps or leave the property out. (line 5)")]
    [InlineData("\"escalation\": [ {", "\"escalation\": [ null, {", "$.escalation[0]", "must not be null; give an escalation step (an object with notify, channels, waitForAcknowledgement, repeatEvery) or remove the entry. (line 5)")]
    [InlineData("\"notify\": [\"lead\"]", "\"notify\": null", "$.escalation[0].notify", "must not be null; give a list of role ids in double quotes or leave the property out. (line 5)")]
    [InlineData("\"holding\": \"We", "\"holding\": null, \"x\": \"We", "$.messages.en.holding", "must not be null; give text in double quotes or leave the property out. (line 6)")]
    [InlineData("\"name\": \"P\",", "\"name\": \"P\", \"appliesTo\": null,", "$.appliesTo", "must not be null; give appliesTo (an object with minimumSeverity, categories, subjects) or leave the property out. (line 2)")]
    [InlineData("\"name\": \"P\",", "\"name\": \"P\", \"deadlines\": null,", "$.deadlines", "must not be null; give deadlines (an object with acknowledge, firstResponse, updateEvery, remindBefore, notify) or leave the property out. (line 2)")]
    [InlineData("\"name\": \"P\",", "\"name\": \"P\", \"deadlines\": { \"notify\": [null] },", "$.deadlines.notify[0]", "must not be null; give text in double quotes or remove the entry. (line 2)")]
    public void A_null_anywhere_is_a_path_and_a_reason_never_a_crash(string find, string replace, string path, string message)
    {
        var error = Errors(Valid().Replace(find, replace, StringComparison.Ordinal)).Should().ContainSingle(e => e.Path == path).Subject;

        error.Message.Should().Be(message);
    }

    [Fact]
    public void A_file_holding_null_or_not_an_object_is_refused_plainly()
    {
        Errors("null").Should().ContainSingle().Which.Message.Should().Be("the file holds null, not a protocol object.");
        Errors("[1, 2]").Should().ContainSingle().Which.ToString().Should().Be("p.json: $: must be a protocol (was a list). (line 1)");
        Errors("").Should().ContainSingle().Which.Message.Should().StartWith("invalid JSON: ");
    }

    [Theory]
    [InlineData("\"name\": \"P\"", "\"name\": 5", "$.name", "must be text in double quotes (was the number 5). (line 2)")]
    [InlineData("\"name\": \"P\"", "\"name\": \"P\", \"appliesTo\": { \"minimumSeverity\": \"Huge\" }", "$.appliesTo.minimumSeverity", "'Huge' is not a severity; use one of Low, Moderate, High, Critical. (line 2)")]
    [InlineData("\"name\": \"P\"", "\"name\": \"P\", \"appliesTo\": { \"minimumSeverity\": 3 }", "$.appliesTo.minimumSeverity", "the number 3 is not a severity; use one of Low, Moderate, High, Critical. (line 2)")]
    [InlineData("\"roles\": { \"lead\": [\"ann\"] }", "\"roles\": { \"lead\": \"ann\" }", "$.roles.lead", "must be a list of person ids in double quotes (was the text 'ann'). (line 4)")]
    [InlineData("\"repeatEvery\": \"5m\"", "\"repeatEvery\": 5", "$.escalation[0].repeatEvery", "must be a duration such as \"15m\" (was the number 5). (line 5)")]
    [InlineData("\"15m\"", "\"10\"", "$.escalation[0].waitForAcknowledgement", "'10' is not a duration; write it like \"90s\", \"15m\", \"2h\", \"1d\" or \"00:15:00\". (line 5)")]
    [InlineData("\"escalation\"", "\"Escalation\"", "$.Escalation", "'Escalation' is not a property of a protocol; did you mean 'escalation'? (line 5)")]
    [InlineData("\"escalation\"", "\"escalatoin\"", "$.escalatoin", "'escalatoin' is not a property of a protocol; did you mean 'escalation'? (line 5)")]
    [InlineData("\"escalation\"", "\"steps\"", "$.steps", "'steps' is not a property of a protocol; the properties are: id, name, appliesTo, people, roles, escalation, deadlines, messages, checklist, approvals, permissions. (line 5)")]
    public void A_wrong_type_or_value_is_said_in_words_with_the_allowed_values(string find, string replace, string path, string message)
    {
        var errors = Errors(Valid().Replace(find, replace, StringComparison.Ordinal));

        errors.Should().ContainSingle(e => e.Path == path).Which.Message.Should().Be(message);
        errors.Should().OnlyContain(e => !e.Message.Contains("System.") && !e.Message.Contains("TimeSpan") && !e.Message.Contains("Int32"));
    }

    [Fact]
    public void Every_structural_problem_is_reported_at_once()
    {
        var json = Valid()
            .Replace("\"name\": \"P\"", "\"name\": 5", StringComparison.Ordinal)
            .Replace("\"15m\"", "\"soon\"", StringComparison.Ordinal)
            .Replace("\"lead\": [\"ann\"]", "\"lead\": [\"ann\", null]", StringComparison.Ordinal);

        Errors(json).Select(e => e.Path).Should().Equal("$.name", "$.roles.lead[1]", "$.escalation[0].waitForAcknowledgement");
    }

    [Theory]
    [InlineData("\"people\": { \"ann\": {", "\"people\": { \"ann\": { \"name\": \"Ann 2\" }, \"ann\": {", "$.people.ann", "is given twice; each key may appear once (the copies would silently replace each other). (line 3)")]
    [InlineData("\"roles\": { \"lead\": [\"ann\"] }", "\"roles\": { \"lead\": [\"ann\"], \"lead\": [] }", "$.roles.lead", "is given twice; each key may appear once (the copies would silently replace each other). (line 4)")]
    [InlineData("\"id\": \"p\",", "\"id\": \"p\", \"id\": \"q\",", "$.id", "is given twice; each property may appear once (the copies would silently replace each other). (line 2)")]
    [InlineData("\"lead\": [\"ann\"]", "\"lead\": [\"ann\", \"ann\"]", "$.roles.lead[1]", "the person 'ann' is already listed at [0].")]
    [InlineData("\"notify\": [\"lead\"]", "\"notify\": [\"lead\", \"lead\"]", "$.escalation[0].notify[1]", "the role 'lead' is already listed at [0].")]
    [InlineData("\"channels\": [\"console\"]", "\"channels\": [\"console\", \"console\"]", "$.escalation[0].channels[1]", "the channel 'console' is already listed at [0].")]
    public void A_key_or_id_given_twice_is_refused_not_taken_last_wins(string find, string replace, string path, string message)
    {
        Errors(Valid().Replace(find, replace, StringComparison.Ordinal)).Should().ContainSingle(e => e.Path == path).Which.Message.Should().Be(message);
    }

    [Fact]
    public void A_step_repeating_more_than_the_round_limit_is_refused_so_drills_stay_finite()
    {
        var json = Valid().Replace("\"15m\"", "\"30d\"", StringComparison.Ordinal).Replace("\"5m\"", "\"1s\"", StringComparison.Ordinal);

        Errors(json).Should().Contain(e => e.Path == "$.escalation[0].repeatEvery").Which.Message.Should()
            .Be("repeating every 1s while waiting 30d makes 2592000 rounds; at most 100 are allowed (repeat every 432m or less often).");
        ProtocolLoader.LoadAll([ProtocolSource.FromJson("p.json", Valid().Replace("\"15m\"", "\"30d\"", StringComparison.Ordinal).Replace("\"5m\"", "\"432m\"", StringComparison.Ordinal))])
            .Should().ContainSingle();
    }

    [Fact]
    public void More_steps_than_the_limit_are_one_problem_not_one_per_step()
    {
        var steps = string.Join(", ", Enumerable.Repeat("{ \"notify\": [], \"channels\": [], \"waitForAcknowledgement\": \"1m\" }", 100_000));
        var json = Valid().Replace("\"escalation\": [ ", "\"escalation\": [ " + steps + ", ", StringComparison.Ordinal);

        Errors(json).Should().ContainSingle().Which.ToString().Should().Be($"p.json: $.escalation: has 100001 steps; at most {ProtocolLoader.MaxEscalationSteps} are allowed.");
    }

    [Fact]
    public void An_incident_that_could_send_more_than_the_notification_limit_is_refused()
    {
        var people = string.Join(", ", Enumerable.Range(0, 60).Select(i => $"\"p{i}\": {{ \"name\": \"P{i}\", \"contacts\": {{ \"console\": \"p{i}\" }} }}"));
        var json = Valid()
            .Replace("\"ann\": {", people + ", \"ann\": {", StringComparison.Ordinal)
            .Replace("\"lead\": [\"ann\"]", "\"lead\": [" + string.Join(", ", Enumerable.Range(0, 60).Select(i => $"\"p{i}\"")) + "]", StringComparison.Ordinal)
            .Replace("\"15m\"", "\"2h\"", StringComparison.Ordinal);

        Errors(json).Should().ContainSingle().Which.ToString().Should().Be(
            "p.json: $: one incident could send 1440 notifications (1440 from the escalation steps, 0 deadline reminders and breach notices); at most 1000 are allowed: notify fewer people, on fewer channels, or repeat less often.");
    }

    [Fact]
    public void Everything_the_serializer_writes_is_read_back()
    {
        var written = System.Text.Json.JsonSerializer.Serialize(ProtocolFiles.LoadAll([Path.Combine(RepositoryPaths.SampleProtocols, "data-breach.json")])[0], ProtocolJsonContext.Default.ResponseProtocol);

        ProtocolLoader.LoadAll([ProtocolSource.FromJson("written.json", written)]).Should().ContainSingle().Which.Id.Should().Be("data-breach");
        written.Should().Contain("\"approvals\"").And.Contain("\"permissions\"").And.Contain("\"checklist\"").And.Contain("\"deadlines\"");
    }
}
