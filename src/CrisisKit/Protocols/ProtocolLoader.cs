using System.Text.Json;
using System.Text.Json.Serialization;
using CrisisKit.Categories;
using CrisisKit.Configuration;

namespace CrisisKit.Protocols;

/// <summary>One problem with a protocol file: where (file and JSON path) and what is wrong.</summary>
/// <param name="file">The file.</param>
/// <param name="path">The JSON path, for example <c>$.escalation[1].notify[0]</c>.</param>
/// <param name="message">What is wrong.</param>
public sealed class ProtocolError(string file, string path, string message)
{
    /// <summary>The file.</summary>
    public string File { get; } = file;

    /// <summary>The JSON path, for example <c>$.escalation[1].notify[0]</c>.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong.</summary>
    public string Message { get; } = message;

    /// <inheritdoc />
    public override string ToString() => $"{File}: {Path}: {Message}";
}

/// <summary>Protocol files could not be loaded; <see cref="Errors"/> says where and why.</summary>
public sealed class ProtocolLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">The problems, at least one.</param>
    public ProtocolLoadException(IReadOnlyList<ProtocolError> errors)
        : base(errors.Count == 1 ? $"Invalid response protocol: {errors[0]}" : $"Invalid response protocols ({errors.Count} problems): {string.Join("; ", errors)}") => Errors = errors;

    /// <summary>The problems.</summary>
    public IReadOnlyList<ProtocolError> Errors { get; }
}

/// <summary>Reads protocol JSON documents and checks them (see <c>docs/response.md</c> for the format).</summary>
public static class ProtocolLoader
{
    /// <summary>The most escalation steps a protocol may have.</summary>
    internal const int MaxEscalationSteps = 20;

    /// <summary>The most rounds (the first notification and its repeats) one escalation step may send: <c>waitForAcknowledgement</c> ÷ <c>repeatEvery</c>, rounded up.</summary>
    internal const int MaxRoundsPerStep = 100;

    /// <summary>
    /// The most notifications one incident may send under one protocol: every round of every escalation step to every
    /// person on every channel they have a contact for, plus a reminder and a breach notice for each deadline.
    /// </summary>
    internal const int MaxNotificationsPerIncident = 1000;

    private static readonly TimeSpan MaximumDuration = TimeSpan.FromDays(30);

    /// <summary>Reads and checks one protocol document.</summary>
    /// <param name="source">The document.</param>
    /// <param name="knownChannels">The channel names that exist in the host, to check the protocol's channels against; <see langword="null"/> to skip that check.</param>
    /// <param name="errors">Where the problems found are added.</param>
    /// <returns>The protocol, or <see langword="null"/> with the problems in <paramref name="errors"/>.</returns>
    public static ResponseProtocol? TryLoad(ProtocolSource source, IReadOnlyCollection<string>? knownChannels, List<ProtocolError> errors)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(errors);
        var file = source.Name;
        var before = errors.Count;
        using var document = JsonConfigDocument.TryOpen(source.Open, (path, message) => errors.Add(new ProtocolError(file, path, message)));
        if (document is null)
        {
            return null;
        }

        // The shape first: every null, wrong type, unknown or repeated property and bad value, all at once, in words.
        if (document.Root.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new ProtocolError(file, "$", "the file holds null, not a protocol object."));
            return null;
        }

        ProtocolShape.Protocol.Check(document.Root, "$", (path, message) => errors.Add(new ProtocolError(file, path, document.WithLine(path, message))));
        if (errors.Count > before)
        {
            return null;
        }

        ResponseProtocol? protocol;
        try
        {
            protocol = document.Root.Deserialize(ProtocolJsonContext.Default.ResponseProtocol);
        }
        catch (JsonException ex)
        {
            // The shape check should have caught it; say what the reader said rather than fail.
            errors.Add(new ProtocolError(file, ex.Path ?? "$", JsonConfigDocument.Describe(ex)));
            return null;
        }

        if (protocol is null)
        {
            errors.Add(new ProtocolError(file, "$", "the file holds null, not a protocol object."));
            return null;
        }

        Check(protocol, file, knownChannels, errors);
        return errors.Count == before ? protocol : null;
    }

    /// <summary>Reads and checks protocol documents; every protocol id must be unique across them.</summary>
    /// <param name="sources">The documents.</param>
    /// <param name="knownChannels">The channel names that exist in the host; <see langword="null"/> to skip that check.</param>
    /// <returns>The protocols.</returns>
    /// <exception cref="ProtocolLoadException">Any document is missing, malformed or invalid; the exception lists every problem found.</exception>
    public static IReadOnlyList<ResponseProtocol> LoadAll(IEnumerable<ProtocolSource> sources, IReadOnlyCollection<string>? knownChannels = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var errors = new List<ProtocolError>();
        var protocols = new List<(ResponseProtocol Protocol, string File)>();
        foreach (var source in sources)
        {
            if (TryLoad(source, knownChannels, errors) is { } protocol)
            {
                var clash = protocols.FirstOrDefault(p => p.Protocol.Id == protocol.Id);
                if (clash.Protocol is not null)
                {
                    errors.Add(new ProtocolError(source.Name, "$.id", $"the id '{protocol.Id}' is also used by {clash.File}; protocol ids must be unique."));
                }
                else
                {
                    protocols.Add((protocol, source.Name));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ProtocolLoadException(errors);
        }

        return [.. protocols.Select(p => p.Protocol)];
    }

    private static void Check(ResponseProtocol p, string file, IReadOnlyCollection<string>? knownChannels, List<ProtocolError> errors)
    {
        void Error(string path, string message) => errors.Add(new ProtocolError(file, path, message));

        if (string.IsNullOrWhiteSpace(p.Id) || !p.Id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            Error("$.id", $"must be lower-case letters, digits and dashes (was '{p.Id}').");
        }

        if (string.IsNullOrWhiteSpace(p.Name))
        {
            Error("$.name", "is required.");
        }

        if (!Enum.IsDefined(p.AppliesTo.MinimumSeverity))
        {
            Error("$.appliesTo.minimumSeverity", "must be Low, Moderate, High or Critical.");
        }

        CheckCategories(p.AppliesTo.Categories, "$.appliesTo.categories", Error);
        CheckUnique(p.AppliesTo.Subjects, "$.appliesTo.subjects", "subject", Error);

        foreach (var (id, person) in p.People)
        {
            var path = $"$.people.{id}";
            if (string.IsNullOrWhiteSpace(person.Name))
            {
                Error($"{path}.name", "is required.");
            }

            if (person.Contacts.Count == 0)
            {
                Error($"{path}.contacts", "needs at least one contact (channel name to address).");
            }

            foreach (var (channel, address) in person.Contacts)
            {
                if (knownChannels is not null && !knownChannels.Contains(channel))
                {
                    Error($"{path}.contacts.{channel}", $"the channel '{channel}' is not registered; the channels are: {string.Join(", ", knownChannels)}.");
                }

                if (channel == "webhook" && !(Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
                {
                    Error($"{path}.contacts.webhook", $"must be an absolute http or https URL (was '{address}').");
                }
            }
        }

        foreach (var (role, people) in p.Roles)
        {
            if (people.Count == 0)
            {
                Error($"$.roles.{role}", "names nobody; give at least one person id.");
            }

            CheckUnique(people, $"$.roles.{role}", "person", Error);

            for (var i = 0; i < people.Count; i++)
            {
                if (!p.People.ContainsKey(people[i]))
                {
                    Error($"$.roles.{role}[{i}]", $"the person '{people[i]}' is not in $.people.");
                }
            }
        }

        if (p.Escalation.Count == 0)
        {
            Error("$.escalation", "needs at least one step.");
        }

        // Checking each of thousands of steps would bury this one problem under thousands more.
        var steps = p.Escalation.Count;
        if (steps > MaxEscalationSteps)
        {
            Error("$.escalation", $"has {steps} steps; at most {MaxEscalationSteps} are allowed.");
            steps = 0;
        }

        var notifications = 0L;
        for (var s = 0; s < steps; s++)
        {
            var step = p.Escalation[s];
            var path = $"$.escalation[{s}]";
            CheckRoles(p, step.Notify, $"{path}.notify", Error, required: true);
            CheckUnique(step.Channels, $"{path}.channels", "channel", Error);
            if (step.Channels.Count == 0)
            {
                Error($"{path}.channels", "needs at least one channel.");
            }

            for (var c = 0; c < step.Channels.Count; c++)
            {
                if (knownChannels is not null && !knownChannels.Contains(step.Channels[c]))
                {
                    Error($"{path}.channels[{c}]", $"the channel '{step.Channels[c]}' is not registered; the channels are: {string.Join(", ", knownChannels)}.");
                }
            }

            foreach (var person in p.PeopleIn(step.Notify))
            {
                if (p.People.TryGetValue(person, out var details) && !step.Channels.Any(details.Contacts.ContainsKey))
                {
                    Error($"{path}.channels", $"the person '{person}' has no contact on any of these channels ({string.Join(", ", step.Channels)}).");
                }
            }

            if (step.WaitForAcknowledgement <= TimeSpan.Zero || step.WaitForAcknowledgement > MaximumDuration)
            {
                Error($"{path}.waitForAcknowledgement", "must be a positive duration such as \"15m\", at most 30d.");
            }

            var rounds = 1L;
            if (step.RepeatEvery is { } repeat && (repeat <= TimeSpan.Zero || repeat >= step.WaitForAcknowledgement))
            {
                Error($"{path}.repeatEvery", $"must be positive and shorter than waitForAcknowledgement ({DurationJsonConverter.Format(step.WaitForAcknowledgement)}).");
            }
            else if (step.RepeatEvery is { } every && step.WaitForAcknowledgement > TimeSpan.Zero)
            {
                rounds = (step.WaitForAcknowledgement.Ticks + every.Ticks - 1) / every.Ticks;
                if (rounds > MaxRoundsPerStep)
                {
                    var least = TimeSpan.FromMinutes(Math.Ceiling(step.WaitForAcknowledgement.TotalMinutes / MaxRoundsPerStep));
                    Error($"{path}.repeatEvery", $"repeating every {DurationJsonConverter.Format(every)} while waiting {DurationJsonConverter.Format(step.WaitForAcknowledgement)} makes {rounds} rounds; at most {MaxRoundsPerStep} are allowed (repeat every {DurationJsonConverter.Format(least)} or less often).");
                }
            }

            notifications += rounds * Addressees(p, step.Notify, step.Channels);
        }

        var d = p.Deadlines;
        foreach (var (name, value) in new[] { ("acknowledge", d.Acknowledge), ("firstResponse", d.FirstResponse), ("updateEvery", d.UpdateEvery), ("remindBefore", d.RemindBefore) })
        {
            if (value is { } v && (v <= TimeSpan.Zero || v > MaximumDuration))
            {
                Error($"$.deadlines.{name}", "must be a positive duration, at most 30d.");
            }
        }

        if (d.RemindBefore is { } remind)
        {
            foreach (var (name, value) in new[] { ("acknowledge", d.Acknowledge), ("firstResponse", d.FirstResponse), ("updateEvery", d.UpdateEvery) })
            {
                if (value is { } v && remind >= v)
                {
                    Error("$.deadlines.remindBefore", $"must be shorter than deadlines.{name} ({DurationJsonConverter.Format(v)}).");
                }
            }
        }

        CheckRoles(p, d.Notify, "$.deadlines.notify", Error, required: false);
        if (p.Escalation.Count > 0)
        {
            var perNotice = Addressees(p, d.Notify.Count > 0 ? d.Notify : p.Escalation[0].Notify, p.Escalation[0].Channels);
            var deadlines = new[] { d.Acknowledge, d.FirstResponse, d.UpdateEvery }.Count(x => x is not null);
            var deadlineNotifications = deadlines * (d.RemindBefore is null ? 1 : 2) * perNotice;
            if (steps > 0 && notifications + deadlineNotifications > MaxNotificationsPerIncident)
            {
                Error("$", $"one incident could send {notifications + deadlineNotifications} notifications ({notifications} from the escalation steps, {deadlineNotifications} deadline reminders and breach notices); at most {MaxNotificationsPerIncident} are allowed: notify fewer people, on fewer channels, or repeat less often.");
            }

            // Deadline reminders and breaches go out on the first step's channels.
            var channels = p.Escalation[0].Channels;
            foreach (var person in p.PeopleIn(d.Notify.Count > 0 ? d.Notify : p.Escalation[0].Notify))
            {
                if (p.People.TryGetValue(person, out var details) && !channels.Any(details.Contacts.ContainsKey))
                {
                    Error("$.deadlines.notify", $"the person '{person}' has no contact on the first escalation step's channels ({string.Join(", ", channels)}), where deadline notices go.");
                }
            }
        }

        if (p.MessageLanguage(ResponseProtocol.HoldingMessage) is null)
        {
            Error("$.messages", "needs a 'holding' statement in at least one language.");
        }

        foreach (var (language, messages) in p.Messages)
        {
            if (language.Length != 2 || !language.All(char.IsAsciiLetterLower))
            {
                Error($"$.messages.{language}", "languages are two-letter ISO 639-1 codes such as 'en' or 'el'.");
            }

            foreach (var (id, text) in messages)
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    Error($"$.messages.{language}.{id}", "is empty.");
                }

                foreach (var problem in MessageTemplate.Check(text ?? ""))
                {
                    Error($"$.messages.{language}.{id}", problem + ".");
                }
            }
        }

        for (var i = 0; i < p.Checklist.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(p.Checklist[i].Task))
            {
                Error($"$.checklist[{i}].task", "is required.");
            }

            if (!p.Roles.ContainsKey(p.Checklist[i].Owner))
            {
                Error($"$.checklist[{i}].owner", $"the role '{p.Checklist[i].Owner}' is not in $.roles.");
            }
        }

        var gates = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < p.Approvals.Count; i++)
        {
            var gate = p.Approvals[i];
            if (string.IsNullOrWhiteSpace(gate.Id) || !gates.Add(gate.Id))
            {
                Error($"$.approvals[{i}].id", $"must be present and unique (was '{gate.Id}').");
            }

            if (!p.Roles.ContainsKey(gate.Role))
            {
                Error($"$.approvals[{i}].role", $"the role '{gate.Role}' is not in $.roles.");
            }

            if (!ProtocolActions.All.Contains(gate.Before, StringComparer.Ordinal))
            {
                Error($"$.approvals[{i}].before", $"'{gate.Before}' is not an action; the actions are: {string.Join(", ", ProtocolActions.All)}.");
            }

            CheckCategories(gate.Categories, $"$.approvals[{i}].categories", Error);
        }

        foreach (var (action, roles) in p.Permissions)
        {
            if (!ProtocolActions.All.Contains(action, StringComparer.Ordinal))
            {
                Error($"$.permissions.{action}", $"'{action}' is not an action; the actions are: {string.Join(", ", ProtocolActions.All)}.");
            }

            CheckRoles(p, roles, $"$.permissions.{action}", Error, required: true);
        }
    }

    /// <summary>How many notices one round to <paramref name="roles"/> on <paramref name="channels"/> sends: each person once per channel they have a contact on.</summary>
    private static long Addressees(ResponseProtocol p, List<string> roles, List<string> channels) =>
        p.PeopleIn(roles).Sum(person => p.People.TryGetValue(person, out var details) ? (long)channels.Distinct(StringComparer.Ordinal).Count(details.Contacts.ContainsKey) : 0);

    /// <summary>Refuses a value listed twice: a repeated id is a slip, and it would be taken as one anyway.</summary>
    private static void CheckUnique(List<string> values, string path, string what, Action<string, string> error)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            if (!first.TryAdd(values[i], i))
            {
                error($"{path}[{i}]", $"the {what} '{values[i]}' is already listed at [{first[values[i]]}].");
            }
        }
    }

    private static void CheckRoles(ResponseProtocol p, List<string> roles, string path, Action<string, string> error, bool required)
    {
        if (required && roles.Count == 0)
        {
            error(path, "needs at least one role.");
        }

        CheckUnique(roles, path, "role", error);

        for (var i = 0; i < roles.Count; i++)
        {
            if (!p.Roles.ContainsKey(roles[i]))
            {
                error($"{path}[{i}]", $"the role '{roles[i]}' is not in $.roles.");
            }
        }
    }

    private static void CheckCategories(List<string> categories, string path, Action<string, string> error)
    {
        CheckUnique(categories, path, "category", error);
        for (var i = 0; i < categories.Count; i++)
        {
            if (!CrisisCategories.TryParse(categories[i], out _))
            {
                error($"{path}[{i}]", $"'{categories[i]}' is not a crisis category; the categories are: {string.Join(", ", CrisisCategories.All.Select(c => c.ToId()))}.");
            }
        }
    }
}

/// <summary>Source-generated JSON contracts for protocol files: camelCase, enums as strings, comments and trailing commas allowed, unknown properties refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = true)]
[JsonSerializable(typeof(ResponseProtocol))]
internal sealed partial class ProtocolJsonContext : JsonSerializerContext;
