using System.Text.Json;
using CrisisKit.Configuration;

namespace CrisisKit.Mentions;

/// <summary>One problem with a subjects file: where (file and JSON path) and what is wrong.</summary>
/// <param name="file">The file (the source name given to <see cref="SubjectLoader.Load"/>).</param>
/// <param name="path">The JSON path, for example <c>$[1].keywords[0]</c>.</param>
/// <param name="message">What is wrong, in words.</param>
public sealed class SubjectFileError(string file, string path, string message)
{
    /// <summary>The file (the source name given to <see cref="SubjectLoader.Load"/>).</summary>
    public string File { get; } = file;

    /// <summary>The JSON path, for example <c>$[1].keywords[0]</c>.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong, in words.</summary>
    public string Message { get; } = message;

    /// <inheritdoc />
    public override string ToString() => $"{File}: {Path}: {Message}";
}

/// <summary>A subjects file could not be loaded; <see cref="Errors"/> says where and why, every problem at once.</summary>
public sealed class SubjectLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">The problems, at least one.</param>
    public SubjectLoadException(IReadOnlyList<SubjectFileError> errors)
        : base(errors.Count == 1 ? $"Invalid subjects file: {errors[0]}" : $"Invalid subjects file ({errors.Count} problems): {string.Join("; ", errors)}") => Errors = errors;

    /// <summary>The problems.</summary>
    public IReadOnlyList<SubjectFileError> Errors { get; }
}

/// <summary>
/// Reads a subjects file: a JSON array of <see cref="MonitoredSubject"/>s, each
/// <c>{"id", "name", "kind", "keywords", "handles", "hashtags", "languages", "exclusions"}</c> with every list optional
/// (see <c>docs/ingestion.md</c>). Every problem (a null, a wrong type, an unknown or repeated property, a repeated id,
/// a subject that <see cref="MonitoredSubject.Validate"/> refuses) is reported at once with its JSON path.
/// </summary>
public static class SubjectLoader
{
    private static readonly JsonShape Words = new ListShape(new TextShape(), "a list of texts in double quotes");

    private static readonly JsonShape Shape = new ListShape(
        new ObjectShape(
            "a subject (an object with id, name, kind, keywords, handles, hashtags, languages, exclusions)",
            ("id", new TextShape()),
            ("name", new TextShape()),
            ("kind", new ChoiceShape("a subject kind", Enum.GetNames<SubjectKind>())),
            ("keywords", Words),
            ("handles", Words),
            ("hashtags", Words),
            ("languages", Words),
            ("exclusions", Words)),
        "a list of subjects: [ { \"id\": \"acme\", \"keywords\": [\"acme\"] } ]");

    /// <summary>Reads and checks the subjects in <paramref name="stream"/> (UTF-8 JSON; comments and trailing commas allowed).</summary>
    /// <param name="stream">The file's content, read to its end and not closed.</param>
    /// <param name="sourceName">The name errors give the input (a file's path, say).</param>
    /// <returns>The subjects, in file order; at least one.</returns>
    /// <exception cref="SubjectLoadException">The file cannot be read, is not JSON, or any subject is malformed or invalid; the exception lists every problem.</exception>
    public static IReadOnlyList<MonitoredSubject> Load(Stream stream, string sourceName = "subjects")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        var errors = new List<SubjectFileError>();
        var subjects = TryLoad(stream, sourceName, errors);
        return errors.Count > 0 ? throw new SubjectLoadException(errors) : subjects!;
    }

    private static List<MonitoredSubject>? TryLoad(Stream stream, string file, List<SubjectFileError> errors)
    {
        using var document = JsonConfigDocument.TryOpen(() => stream, (path, message) => errors.Add(new SubjectFileError(file, path, message)), leaveOpen: true);
        if (document is null)
        {
            return null;
        }

        if (document.Root.ValueKind == JsonValueKind.Null)
        {
            errors.Add(new SubjectFileError(file, "$", "the file holds null, not a list of subjects."));
            return null;
        }

        Shape.Check(document.Root, "$", (path, message) => errors.Add(new SubjectFileError(file, path, document.WithLine(path, message))));
        if (errors.Count > 0)
        {
            return null;
        }

        var subjects = new List<MonitoredSubject>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var entry in document.Root.EnumerateArray())
        {
            var path = $"$[{i}]";
            var subject = Read(entry);
            if (!entry.TryGetProperty("id", out _))
            {
                errors.Add(new SubjectFileError(file, path, document.WithLine(path, "has no id; every subject needs one, such as \"acme\".")));
            }
            else if (!string.IsNullOrWhiteSpace(subject.Id) && !ids.TryAdd(subject.Id, i))
            {
                errors.Add(new SubjectFileError(file, $"{path}.id", document.WithLine($"{path}.id", $"the id '{subject.Id}' is also used by $[{ids[subject.Id]}]; subject ids must be unique.")));
            }
            else
            {
                errors.AddRange(subject.Validate().Select(problem => new SubjectFileError(file, path, document.WithLine(path, problem))));
            }

            subjects.Add(subject);
            i++;
        }

        if (i == 0)
        {
            errors.Add(new SubjectFileError(file, "$", "names no subject; give at least one, such as [ { \"id\": \"acme\", \"keywords\": [\"acme\"] } ]."));
        }

        return subjects;
    }

    private static MonitoredSubject Read(JsonElement entry)
    {
        string? Text(string name) => entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        string[] List(string name) => entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [];

        return new MonitoredSubject
        {
            Id = Text("id") ?? "",
            Name = Text("name") ?? Text("id") ?? "",
            Kind = Text("kind") is { } kind ? Enum.Parse<SubjectKind>(kind, ignoreCase: true) : SubjectKind.Brand,
            Keywords = List("keywords"),
            Handles = List("handles"),
            Hashtags = List("hashtags"),
            Languages = List("languages"),
            Exclusions = List("exclusions"),
        };
    }
}
