using System.Text.Json;

namespace CrisisKit.Configuration;

/// <summary>
/// The expected shape of a JSON configuration document (protocols, subjects), checked before anything is read from it
/// so that every null, wrong type, unknown or repeated property and bad value is found at once and told in plain words
/// with its JSON path, instead of a serializer's first exception with .NET type names.
/// </summary>
internal abstract class JsonShape
{
    /// <summary>What a value of this shape is, for messages: "text", "a list of role ids", "a duration such as \"15m\"".</summary>
    public abstract string Expected { get; }

    /// <summary>Whether JSON <c>null</c> is a value of this shape (it means "not set").</summary>
    public bool AllowsNull { get; init; }

    /// <summary>Adds a problem for every place <paramref name="element"/> departs from the shape.</summary>
    public void Check(JsonElement element, string path, Action<string, string> error)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (!AllowsNull)
            {
                error(path, $"must not be null; give {Expected}{(path.EndsWith(']') ? " or remove the entry" : " or leave the property out")}.");
            }

            return;
        }

        CheckValue(element, path, error);
    }

    protected abstract void CheckValue(JsonElement element, string path, Action<string, string> error);

    /// <summary>"must be X (was Y)" for a value of the wrong kind.</summary>
    protected void WrongKind(JsonElement element, string path, Action<string, string> error) =>
        error(path, $"must be {Expected} (was {Describe(element)}).");

    /// <summary>A JSON value in words: "a number (5)", "true", "a list", "an object", "text ('abc')".</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the text '{Excerpt(element.GetString())}'",
        JsonValueKind.Number => $"the number {Excerpt(element.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    /// <summary>A path step for a property or map key: <c>.name</c>, or <c>['odd key']</c> when it has other characters.</summary>
    public static string Step(string key) =>
        key.Length > 0 && key.All(c => char.IsLetterOrDigit(c) || c is '-' or '_') ? "." + key : $"['{Excerpt(key)}']";

    public static string Excerpt(string? text) => text is { Length: > 60 } ? text[..60] + "…" : text ?? "";
}

/// <summary>A JSON string, with an optional condition on its value (returning the problem, or null when there is none).</summary>
internal sealed class TextShape(string expected = "text in double quotes", Func<string, string?>? check = null) : JsonShape
{
    public override string Expected => expected;

    protected override void CheckValue(JsonElement element, string path, Action<string, string> error)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            WrongKind(element, path, error);
            return;
        }

        if (check?.Invoke(element.GetString()!) is { } problem)
        {
            error(path, problem);
        }
    }
}

/// <summary>One of a fixed set of names, compared ignoring case.</summary>
internal sealed class ChoiceShape(string what, IReadOnlyList<string> names) : JsonShape
{
    public override string Expected => $"{what}: one of {string.Join(", ", names)}";

    protected override void CheckValue(JsonElement element, string path, Action<string, string> error)
    {
        if (element.ValueKind != JsonValueKind.String || !names.Contains(element.GetString()!, StringComparer.OrdinalIgnoreCase))
        {
            error(path, $"{(element.ValueKind == JsonValueKind.String ? $"'{Excerpt(element.GetString())}'" : Describe(element))} is not {what}; use one of {string.Join(", ", names)}.");
        }
    }
}

/// <summary>A JSON array whose items all have one shape.</summary>
internal sealed class ListShape(JsonShape item, string expected) : JsonShape
{
    public override string Expected => expected;

    protected override void CheckValue(JsonElement element, string path, Action<string, string> error)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            WrongKind(element, path, error);
            return;
        }

        var i = 0;
        foreach (var entry in element.EnumerateArray())
        {
            item.Check(entry, $"{path}[{i++}]", error);
        }
    }
}

/// <summary>A JSON object used as a dictionary: any keys, each once, values of one shape.</summary>
internal sealed class MapShape(JsonShape value, string expected) : JsonShape
{
    public override string Expected => expected;

    protected override void CheckValue(JsonElement element, string path, Action<string, string> error)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            WrongKind(element, path, error);
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var at = path + Step(property.Name);
            if (!seen.Add(property.Name))
            {
                error(at, "is given twice; each key may appear once (the copies would silently replace each other).");
                continue;
            }

            value.Check(property.Value, at, error);
        }
    }
}

/// <summary>A JSON object with known properties, each at most once; any other property is refused.</summary>
internal sealed class ObjectShape(string expected, params (string Name, JsonShape Shape)[] properties) : JsonShape
{
    public override string Expected => expected;

    protected override void CheckValue(JsonElement element, string path, Action<string, string> error)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            WrongKind(element, path, error);
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var at = path + Step(property.Name);
            var index = Array.FindIndex(properties, p => p.Name == property.Name);
            if (index < 0)
            {
                var near = Nearest(property.Name);
                error(at, near is not null
                    ? $"'{Excerpt(property.Name)}' is not a property of {expected}; did you mean '{near}'?"
                    : $"'{Excerpt(property.Name)}' is not a property of {expected}; the properties are: {string.Join(", ", properties.Select(p => p.Name))}.");
                continue;
            }

            if (!seen.Add(property.Name))
            {
                error(at, "is given twice; each property may appear once (the copies would silently replace each other).");
                continue;
            }

            properties[index].Shape.Check(property.Value, at, error);
        }
    }

    /// <summary>The property name <paramref name="name"/> was probably meant to be: same letters in another case, or one or two typing slips away.</summary>
    private string? Nearest(string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var (candidate, _) in properties)
        {
            var distance = candidate.Equals(name, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(name, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return bestDistance <= Math.Max(1, Math.Min(2, name.Length / 4)) ? best : null;
    }

    /// <summary>Edit distance (insertions, deletions, substitutions, adjacent swaps), ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2 || a.Length > 64)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 2]) && char.ToLowerInvariant(a[i - 2]) == char.ToLowerInvariant(b[j - 1]))
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

/// <summary>
/// Reading a JSON configuration document for a loader that reports every problem as "JSON path: reason": the text
/// (size-limited), the parsed document (comments and trailing commas allowed), and the line each JSON path starts on.
/// </summary>
internal sealed class JsonConfigDocument : IDisposable
{
    /// <summary>The largest document read, in characters: configuration files are kilobytes; this keeps a wrong file from filling memory.</summary>
    public const int MaxCharacters = 16 * 1024 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    private readonly byte[] _utf8;
    private Dictionary<string, int>? _lines;

    private JsonConfigDocument(byte[] utf8, JsonDocument document)
    {
        _utf8 = utf8;
        Document = document;
    }

    public JsonDocument Document { get; }

    public JsonElement Root => Document.RootElement;

    /// <summary>
    /// Reads and parses the document <paramref name="open"/> gives; on failure adds one problem at <c>$</c> and returns
    /// <see langword="null"/>. A missing file, an unreadable one, one too large and invalid JSON are each said plainly.
    /// </summary>
    public static JsonConfigDocument? TryOpen(Func<Stream> open, Action<string, string> error, bool leaveOpen = false)
    {
        string text;
        try
        {
            var stream = open();
            using var reader = new StreamReader(stream, leaveOpen: leaveOpen);
            var buffer = new char[64 * 1024];
            var builder = new System.Text.StringBuilder();
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (builder.Length + read > MaxCharacters)
                {
                    error("$", $"the file is larger than {MaxCharacters / (1024 * 1024)} MiB; this is not a configuration file.");
                    return null;
                }

                builder.Append(buffer, 0, read);
            }

            text = builder.ToString();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            error("$", "no such file or directory.");
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error("$", $"cannot be read: {ex.Message}");
            return null;
        }

        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        try
        {
            return new JsonConfigDocument(utf8, JsonDocument.Parse(utf8, DocumentOptions));
        }
        catch (JsonException ex)
        {
            error("$", $"invalid JSON: {Describe(ex)}");
            return null;
        }
    }

    /// <summary>A JSON exception's message without its position details, with the line it names.</summary>
    public static string Describe(JsonException ex)
    {
        var message = ex.Message;
        foreach (var marker in new[] { " LineNumber:", " Path:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0)
            {
                message = message[..cut];
            }
        }

        message = message.TrimEnd();
        if (message.Length > 0 && char.IsUpper(message[0]) && !char.IsUpper(message.ElementAtOrDefault(1)))
        {
            message = char.ToLowerInvariant(message[0]) + message[1..];
        }

        return message + (ex.LineNumber is { } l ? $" (line {l + 1})" : "");
    }

    /// <summary>The 1-based line on which the value at <paramref name="path"/> starts (the last such value, when a key repeats).</summary>
    public int? LineOf(string path)
    {
        _lines ??= MapLines();
        return _lines.TryGetValue(path, out var line) ? line : null;
    }

    /// <summary><paramref name="message"/> with the line of <paramref name="path"/> appended, when known.</summary>
    public string WithLine(string path, string message) => LineOf(path) is { } line ? $"{message} (line {line})" : message;

    public void Dispose() => Document.Dispose();

    private Dictionary<string, int> MapLines()
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(_utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
        var containers = new List<(bool IsArray, int Next, string Path)>();
        string? name = null;
        var line = 1;
        var counted = 0L;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    name = reader.GetString();
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    containers.RemoveAt(containers.Count - 1);
                    continue;
            }

            string path;
            if (containers.Count == 0)
            {
                path = "$";
            }
            else if (containers[^1] is { IsArray: true } array)
            {
                path = $"{array.Path}[{array.Next}]";
                containers[^1] = array with { Next = array.Next + 1 };
            }
            else
            {
                path = containers[^1].Path + JsonShape.Step(name ?? "");
            }

            var start = reader.TokenStartIndex;
            line += _utf8.AsSpan((int)counted, (int)(start - counted)).Count((byte)'\n');
            counted = start;
            lines[path] = line;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Add((reader.TokenType == JsonTokenType.StartArray, 0, path));
            }
        }

        return lines;
    }
}
