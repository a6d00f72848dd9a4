using CrisisKit.Categories;
using CrisisKit.Incidents;
using CrisisKit.Severity;

namespace CrisisKit.Protocols;

/// <summary>The protocols in force, and the rule that picks one for an incident.</summary>
public sealed class ProtocolSet
{
    private readonly Dictionary<string, ResponseProtocol> _byId;

    /// <summary>Creates a set.</summary>
    /// <param name="protocols">The protocols; ids must be unique.</param>
    /// <exception cref="ArgumentException">Two protocols share an id.</exception>
    public ProtocolSet(IEnumerable<ResponseProtocol> protocols)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        Protocols = [.. protocols];
        _byId = new Dictionary<string, ResponseProtocol>(StringComparer.Ordinal);
        foreach (var protocol in Protocols)
        {
            if (!_byId.TryAdd(protocol.Id, protocol))
            {
                throw new ArgumentException($"Two protocols have the id '{protocol.Id}'.", nameof(protocols));
            }
        }
    }

    /// <summary>The protocols.</summary>
    public IReadOnlyList<ResponseProtocol> Protocols { get; }

    /// <summary>The protocol with id <paramref name="id"/>, if any.</summary>
    /// <param name="id">The id.</param>
    /// <returns>The protocol or <see langword="null"/>.</returns>
    public ResponseProtocol? Find(string? id) => id is not null && _byId.TryGetValue(id, out var protocol) ? protocol : null;

    /// <summary>
    /// The protocol for an incident: among those whose scope holds (severity at least the minimum, the category and
    /// subject listed when the scope lists any), the one with the highest minimum severity, then the one that names
    /// categories, then the one that names subjects, then the first in id order.
    /// </summary>
    /// <param name="severity">The incident's severity.</param>
    /// <param name="category">Its category, if any.</param>
    /// <param name="subjectId">Its subject.</param>
    /// <returns>The protocol, or <see langword="null"/> when none applies.</returns>
    public ResponseProtocol? Select(SeverityLevel severity, CrisisCategory? category, string subjectId)
    {
        var id = category?.ToId();
        return Protocols
            .Where(p => severity >= p.AppliesTo.MinimumSeverity)
            .Where(p => p.AppliesTo.Categories.Count == 0 || (id is not null && p.AppliesTo.Categories.Contains(id, StringComparer.Ordinal)))
            .Where(p => p.AppliesTo.Subjects.Count == 0 || p.AppliesTo.Subjects.Contains(subjectId, StringComparer.Ordinal))
            .OrderByDescending(p => p.AppliesTo.MinimumSeverity)
            .ThenByDescending(p => p.AppliesTo.Categories.Count > 0)
            .ThenByDescending(p => p.AppliesTo.Subjects.Count > 0)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Why <paramref name="protocol"/> applies, in words.</summary>
    /// <param name="protocol">The protocol.</param>
    /// <param name="severity">The incident's severity.</param>
    /// <param name="category">Its category.</param>
    /// <returns>For example "severity High is at least High; category data-breach".</returns>
    public static string Explain(ResponseProtocol protocol, SeverityLevel severity, CrisisCategory? category)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        var parts = new List<string> { $"severity {severity} is at least {protocol.AppliesTo.MinimumSeverity}" };
        if (protocol.AppliesTo.Categories.Count > 0 && category is { } c)
        {
            parts.Add($"category {c.ToId()}");
        }

        if (protocol.AppliesTo.Subjects.Count > 0)
        {
            parts.Add("the subject is listed");
        }

        return string.Join("; ", parts);
    }
}
