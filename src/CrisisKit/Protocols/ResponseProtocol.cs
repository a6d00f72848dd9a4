using System.Text.Json.Serialization;
using CrisisKit.Incidents;
using CrisisKit.Severity;

namespace CrisisKit.Protocols;

/// <summary>
/// A response protocol: when it applies, who is involved and how to reach them, whom to notify and how long to wait
/// before escalating, the deadlines, the holding statements, the checklist and the approval gates. Protocols are
/// data (JSON files, see <c>docs/protocols.md</c>), loaded and validated at start-up by <see cref="ProtocolLoader"/>.
/// </summary>
public sealed class ResponseProtocol
{
    /// <summary>A unique id, for example <c>data-breach</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>A name for people.</summary>
    public string Name { get; set; } = "";

    /// <summary>When the protocol applies.</summary>
    public ProtocolScope AppliesTo { get; set; } = new();

    /// <summary>The people involved, by id.</summary>
    public Dictionary<string, ProtocolPerson> People { get; set; } = [];

    /// <summary>The roles, by id, each with the ids of the people who hold it.</summary>
    public Dictionary<string, List<string>> Roles { get; set; } = [];

    /// <summary>The escalation chain: steps in order, each tried until someone acknowledges.</summary>
    public List<EscalationStep> Escalation { get; set; } = [];

    /// <summary>The deadlines.</summary>
    public ProtocolDeadlines Deadlines { get; set; } = new();

    /// <summary>Key messages and holding statements: language (<c>en</c>, <c>el</c>...) to message id to text with placeholders (see <see cref="MessageTemplate.Placeholders"/>).</summary>
    public Dictionary<string, Dictionary<string, string>> Messages { get; set; } = [];

    /// <summary>Tasks to do, each owned by a role.</summary>
    public List<ChecklistTask> Checklist { get; set; } = [];

    /// <summary>Approval gates, for example a legal sign-off before any public statement on a data breach.</summary>
    public List<ApprovalGate> Approvals { get; set; } = [];

    /// <summary>Which roles may take each action (<see cref="ProtocolActions"/>); an action not listed may be taken by anyone on the protocol.</summary>
    public Dictionary<string, List<string>> Permissions { get; set; } = [];

    /// <summary>The id of the holding statement in <see cref="Messages"/>, the message every protocol has in at least one language.</summary>
    internal const string HoldingMessage = "holding";

    /// <summary>
    /// The language to write message <paramref name="messageId"/> in: the first of <paramref name="preferred"/> that
    /// has it, else the first language in <see cref="Messages"/> that has it, so a message missing in one language
    /// falls back to another instead of being lost.
    /// </summary>
    /// <returns>The language, or <see langword="null"/> when no language has the message.</returns>
    internal string? MessageLanguage(string messageId, params ReadOnlySpan<string> preferred)
    {
        foreach (var language in preferred)
        {
            if (Messages.TryGetValue(language, out var messages) && messages.ContainsKey(messageId))
            {
                return language;
            }
        }

        return Messages.FirstOrDefault(m => m.Value.ContainsKey(messageId)).Key;
    }

    /// <summary>The roles a person holds.</summary>
    /// <param name="personId">The person.</param>
    /// <returns>The role ids.</returns>
    public IEnumerable<string> RolesOf(string personId) => Roles.Where(r => r.Value.Contains(personId, StringComparer.Ordinal)).Select(r => r.Key);

    /// <summary>The people who hold any of <paramref name="roles"/>, in role order, each once.</summary>
    /// <param name="roles">The roles.</param>
    /// <returns>The person ids.</returns>
    public IEnumerable<string> PeopleIn(IEnumerable<string> roles) => roles.SelectMany(r => Roles.TryGetValue(r, out var people) ? people : []).Distinct(StringComparer.Ordinal);
}

/// <summary>When a protocol applies. Every condition given must hold; the most specific applying protocol is used.</summary>
public sealed class ProtocolScope
{
    /// <summary>The lowest severity it applies to. Default <see cref="SeverityLevel.Low"/>.</summary>
    public SeverityLevel MinimumSeverity { get; set; } = SeverityLevel.Low;

    /// <summary>The crisis category ids it applies to (for example <c>data-breach</c>); empty for any.</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>The subject ids it applies to; empty for any.</summary>
    public List<string> Subjects { get; set; } = [];
}

/// <summary>A person on a protocol.</summary>
public sealed class ProtocolPerson
{
    /// <summary>The person's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The language messages to this person are written in (<c>en</c>, <c>el</c>...). Default <c>en</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Where to reach the person, by channel name (for example <c>webhook</c> to a URL, <c>console</c> to a label).</summary>
    public Dictionary<string, string> Contacts { get; set; } = [];
}

/// <summary>One step of an escalation chain.</summary>
public sealed class EscalationStep
{
    /// <summary>The roles to notify.</summary>
    public List<string> Notify { get; set; } = [];

    /// <summary>The channels to notify them through (each person must have a contact for at least one).</summary>
    public List<string> Channels { get; set; } = [];

    /// <summary>How long to wait for an acknowledgement before the next step.</summary>
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan WaitForAcknowledgement { get; set; }

    /// <summary>How often to repeat the notification while waiting; <see langword="null"/> to notify once.</summary>
    [JsonConverter(typeof(NullableDurationJsonConverter))]
    public TimeSpan? RepeatEvery { get; set; }
}

/// <summary>A protocol's deadlines, counted from when the incident was opened.</summary>
public sealed class ProtocolDeadlines
{
    /// <summary>Acknowledge within this long.</summary>
    [JsonConverter(typeof(NullableDurationJsonConverter))]
    public TimeSpan? Acknowledge { get; set; }

    /// <summary>Publish the first public response within this long.</summary>
    [JsonConverter(typeof(NullableDurationJsonConverter))]
    public TimeSpan? FirstResponse { get; set; }

    /// <summary>While the incident is open, publish an update at least this often after the first response.</summary>
    [JsonConverter(typeof(NullableDurationJsonConverter))]
    public TimeSpan? UpdateEvery { get; set; }

    /// <summary>Remind this long before a deadline.</summary>
    [JsonConverter(typeof(NullableDurationJsonConverter))]
    public TimeSpan? RemindBefore { get; set; }

    /// <summary>The roles reminded of deadlines and told of breaches; empty for the roles of the first escalation step.</summary>
    public List<string> Notify { get; set; } = [];
}

/// <summary>A checklist task.</summary>
public sealed class ChecklistTask
{
    /// <summary>What to do.</summary>
    public string Task { get; set; } = "";

    /// <summary>The role that owns it.</summary>
    public string Owner { get; set; } = "";
}

/// <summary>An approval gate: an action that needs a role's sign-off first.</summary>
public sealed class ApprovalGate
{
    /// <summary>The gate's id, for example <c>legal-sign-off</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>The role whose sign-off is needed.</summary>
    public string Role { get; set; } = "";

    /// <summary>The action it guards (<see cref="ProtocolActions"/>, usually <c>publish-statement</c>).</summary>
    public string Before { get; set; } = ProtocolActions.PublishStatement;

    /// <summary>The crisis category ids it applies to; empty for any.</summary>
    public List<string> Categories { get; set; } = [];
}

/// <summary>The actions people take on an incident, as named in <see cref="ResponseProtocol.Permissions"/> and <see cref="ApprovalGate.Before"/>.</summary>
public static class ProtocolActions
{
    /// <summary>Acknowledge the incident (stops the escalation chain).</summary>
    public const string Acknowledge = "acknowledge";

    /// <summary>Add a note to the timeline.</summary>
    public const string Note = "note";

    /// <summary>Publish a public statement.</summary>
    public const string PublishStatement = "publish-statement";

    /// <summary>Pass an approval gate.</summary>
    public const string Approve = "approve";

    /// <summary>Move the incident to monitoring or back to responding.</summary>
    public const string Monitor = "monitor";

    /// <summary>Resolve the incident.</summary>
    public const string Resolve = "resolve";

    /// <summary>Dismiss it as a false alarm.</summary>
    public const string Dismiss = "dismiss";

    /// <summary>Mark a resolved incident reviewed.</summary>
    public const string Review = "review";

    /// <summary>Every action.</summary>
    public static IReadOnlyList<string> All { get; } = [Acknowledge, Note, PublishStatement, Approve, Monitor, Resolve, Dismiss, Review];
}
