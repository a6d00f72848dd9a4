using CrisisKit.Configuration;

namespace CrisisKit.Protocols;

/// <summary>The JSON shape of a protocol file (see <c>docs/response.md</c>), checked before the file is read into a <see cref="ResponseProtocol"/>.</summary>
internal static class ProtocolShape
{
    private static readonly JsonShape Text = new TextShape();

    private static readonly JsonShape Duration = new TextShape("a duration such as \"15m\"", CheckDuration);

    private static readonly JsonShape OptionalDuration = new TextShape("a duration such as \"15m\"", CheckDuration) { AllowsNull = true };

    /// <summary>The whole document.</summary>
    public static JsonShape Protocol { get; } = new ObjectShape(
        "a protocol",
        ("id", Text),
        ("name", Text),
        ("appliesTo", new ObjectShape(
            "appliesTo (an object with minimumSeverity, categories, subjects)",
            ("minimumSeverity", new ChoiceShape("a severity", ["Low", "Moderate", "High", "Critical"])),
            ("categories", Ids("crisis category ids")),
            ("subjects", Ids("subject ids")))),
        ("people", new MapShape(
            new ObjectShape(
                "a person (an object with name, language, contacts)",
                ("name", Text),
                ("language", Text),
                ("contacts", new MapShape(Text, "an object of addresses by channel name, such as { \"console\": \"ann\" }"))),
            "an object of people by person id")),
        ("roles", new MapShape(Ids("person ids"), "an object of roles by role id, each a list of person ids")),
        ("escalation", new ListShape(
            new ObjectShape(
                "an escalation step (an object with notify, channels, waitForAcknowledgement, repeatEvery)",
                ("notify", Ids("role ids")),
                ("channels", Ids("channel names")),
                ("waitForAcknowledgement", Duration),
                ("repeatEvery", OptionalDuration)),
            "a list of escalation steps")),
        ("deadlines", new ObjectShape(
            "deadlines (an object with acknowledge, firstResponse, updateEvery, remindBefore, notify)",
            ("acknowledge", OptionalDuration),
            ("firstResponse", OptionalDuration),
            ("updateEvery", OptionalDuration),
            ("remindBefore", OptionalDuration),
            ("notify", Ids("role ids")))),
        ("messages", new MapShape(
            new MapShape(Text, "an object of message texts by message id, such as { \"holding\": \"...\" }"),
            "an object of languages, each an object of message texts by message id")),
        ("checklist", new ListShape(
            new ObjectShape("a checklist task (an object with task, owner)", ("task", Text), ("owner", Text)),
            "a list of checklist tasks")),
        ("approvals", new ListShape(
            new ObjectShape(
                "an approval gate (an object with id, role, before, categories)",
                ("id", Text),
                ("role", Text),
                ("before", Text),
                ("categories", Ids("crisis category ids"))),
            "a list of approval gates")),
        ("permissions", new MapShape(Ids("role ids"), "an object of actions, each a list of role ids")));

    private static ListShape Ids(string what) => new(Text, $"a list of {what} in double quotes");

    private static string? CheckDuration(string text) =>
        DurationText.Parse(text) is null ? $"'{JsonShape.Excerpt(text)}' is not a duration; write it like \"90s\", \"15m\", \"2h\", \"1d\" or \"00:15:00\"." : null;
}
