using System.Text;

namespace CrisisKit.Protocols;

/// <summary>Fills the placeholders of a protocol's messages: <c>{brand}</c>, <c>{issue}</c>, <c>{time}</c>, <c>{updates}</c>, <c>{severity}</c>, <c>{incident}</c>.</summary>
public static class MessageTemplate
{
    /// <summary>The placeholders a message may use.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["brand", "issue", "time", "updates", "severity", "incident"];

    /// <summary>The placeholder names used in <paramref name="template"/> that are not in <see cref="Placeholders"/>, and any unclosed brace.</summary>
    /// <param name="template">The message.</param>
    /// <returns>The problems, empty when the template is valid.</returns>
    public static IReadOnlyList<string> Check(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var problems = new List<string>();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                continue;
            }

            var end = template.IndexOf('}', i + 1);
            if (end < 0)
            {
                problems.Add($"an unclosed '{{' at character {i + 1}");
                break;
            }

            var name = template[(i + 1)..end];
            if (!Placeholders.Contains(name, StringComparer.Ordinal))
            {
                problems.Add($"the placeholder {{{name}}} is unknown; the placeholders are {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))}");
            }

            i = end;
        }

        return problems;
    }

    /// <summary>Fills <paramref name="template"/> with <paramref name="values"/> (placeholder name to text).</summary>
    /// <param name="template">The message.</param>
    /// <param name="values">The values; a placeholder without a value is left as it is.</param>
    /// <returns>The filled message.</returns>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder(template.Length + 64);
        for (var i = 0; i < template.Length; i++)
        {
            var end = template[i] == '{' ? template.IndexOf('}', i + 1) : -1;
            if (end > i && values.TryGetValue(template[(i + 1)..end], out var value))
            {
                builder.Append(value);
                i = end;
            }
            else
            {
                builder.Append(template[i]);
            }
        }

        return builder.ToString();
    }
}
