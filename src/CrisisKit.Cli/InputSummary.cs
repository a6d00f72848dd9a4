using System.Globalization;
using CrisisKit.Ingestion;
using CrisisKit.Monitoring;

namespace CrisisKit.Cli;

/// <summary>
/// What became of a command's input records: how many were read and matched, and every record not used (malformed,
/// an implausible time, a duplicate) counted with the first reasons. Printed as one line and given in <c>--json</c>.
/// </summary>
/// <param name="Records">Records seen: mentions read plus malformed records.</param>
/// <param name="Mentions">Mentions read.</param>
/// <param name="Matched">Mentions about at least one subject.</param>
/// <param name="Unmatched">Mentions about no subject (read, but there was nothing to do with them).</param>
/// <param name="NotUsed">Records not used: <paramref name="Malformed"/> + <paramref name="Rejected"/> + <paramref name="Duplicates"/>.</param>
/// <param name="Malformed">Records that could not be read.</param>
/// <param name="Rejected">Mentions refused for an implausible timestamp.</param>
/// <param name="Duplicates">Mentions ignored because the same platform and id came before.</param>
/// <param name="Problems">The first reasons, each "where: why".</param>
internal sealed record InputSummary(long Records, long Mentions, long Matched, long Unmatched, long NotUsed, long Malformed, long Rejected, long Duplicates, IReadOnlyList<string> Problems)
{
    /// <summary>How many reasons the summary line shows.</summary>
    private const int ShownProblems = 3;

    /// <summary>How many reasons <c>--json</c> gives.</summary>
    public const int KeptProblems = 20;

    public static InputSummary From(MentionReadStatistics? reader, MonitorStatistics monitor, IReadOnlyList<string> monitorProblems)
    {
        var malformed = reader?.Malformed ?? 0;
        var problems = (reader?.Errors.Select(e => e.ToString()) ?? []).Concat(monitorProblems).Take(KeptProblems).ToList();
        return new InputSummary(
            reader?.Records ?? monitor.Received,
            reader?.Mentions ?? monitor.Received,
            monitor.Matched,
            monitor.Unmatched,
            malformed + monitor.Rejected + monitor.Duplicates,
            malformed,
            monitor.Rejected,
            monitor.Duplicates,
            problems);
    }

    /// <summary>The counts line: "N mentions read (M matched, ...)".</summary>
    public string ReadLine(string command) => string.Create(CultureInfo.InvariantCulture, $"{command}: {Mentions:N0} mentions read ({Matched:N0} matched, {Unmatched:N0} about no subject)");

    /// <summary>The not-used line with the first reasons, or <see langword="null"/> when every record was used.</summary>
    public string? NotUsedLine(string command) => NotUsed == 0 ? null : $"{command}: {NotUsedText()}";

    /// <summary>"N records not used (kinds): first reasons; and M more".</summary>
    public string NotUsedText()
    {
        var kinds = new List<string>();
        if (Malformed > 0)
        {
            kinds.Add(string.Create(CultureInfo.InvariantCulture, $"{Malformed:N0} malformed"));
        }

        if (Rejected > 0)
        {
            kinds.Add(string.Create(CultureInfo.InvariantCulture, $"{Rejected:N0} with an implausible time"));
        }

        if (Duplicates > 0)
        {
            kinds.Add(string.Create(CultureInfo.InvariantCulture, $"{Duplicates:N0} {(Duplicates == 1 ? "duplicate" : "duplicates")}"));
        }

        var first = Problems.Take(ShownProblems).ToList();
        var more = NotUsed - first.Count;
        return string.Create(CultureInfo.InvariantCulture, $"{NotUsed:N0} {(NotUsed == 1 ? "record" : "records")} not used ({string.Join(", ", kinds)}): {string.Join("; ", first)}{(more > 0 ? $"; and {more:N0} more" : "")}");
    }
}
