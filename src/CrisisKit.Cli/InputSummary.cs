using System.Globalization;
using CrisisKit.Ingestion;
using CrisisKit.Mentions;
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
/// <param name="Late">
/// Matched mentions more than the late-mention tolerance behind the latest mention before them (the monitor's
/// watermark): the monitor took them, but their time bucket had closed (they are among <paramref name="NotBucketed"/>).
/// </param>
/// <param name="NotBucketed">Matched mentions that came after their time bucket had closed: left out of the counts detection reads.</param>
internal sealed record InputSummary(long Records, long Mentions, long Matched, long Unmatched, long NotUsed, long Malformed, long Rejected, long Duplicates, IReadOnlyList<string> Problems, long Late = 0, long NotBucketed = 0)
{
    /// <summary>How many reasons the summary line shows.</summary>
    private const int ShownProblems = 3;

    /// <summary>The share of the matched mentions left out of detection from which a warning says why that probably is.</summary>
    public const double LeftOutWarningShare = 0.01;

    /// <summary>How many reasons <c>--json</c> gives.</summary>
    public const int KeptProblems = 20;

    /// <summary>The summary of a run: the reader's counts (none for a drill), the monitor's, the monitor's first reasons, and the mentions left out of detection.</summary>
    public static InputSummary From(MentionReadStatistics? reader, MonitorStatistics monitor, IReadOnlyList<string> monitorProblems, long notBucketed = 0)
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
            problems,
            monitor.Late,
            notBucketed);
    }

    /// <summary>The counts line: "N mentions read (M matched, ...)".</summary>
    public string ReadLine(string command) => string.Create(CultureInfo.InvariantCulture, $"{command}: {Mentions:N0} mentions read ({Matched:N0} matched, {Unmatched:N0} about no subject)");

    /// <summary>The not-used line with the first reasons, or <see langword="null"/> when every record was used.</summary>
    public string? NotUsedLine(string command) => NotUsed == 0 ? null : $"{command}: {NotUsedText()}";

    /// <summary>
    /// "N mentions left out of detection, as each came after its time bucket had closed (M of them more than the
    /// tolerance behind the latest mention before them)", or <see langword="null"/> when none was.
    /// </summary>
    public string? LeftOutLine(string command, TimeSpan lateTolerance)
    {
        if (NotBucketed == 0)
        {
            return null;
        }

        var late = Late > 0 && Late <= NotBucketed ? string.Create(CultureInfo.InvariantCulture, $" ({Late:N0} of them more than {MentionTime.Format(lateTolerance)} behind the latest mention before them)") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{command}: {NotBucketed:N0} {(NotBucketed == 1 ? "mention" : "mentions")} left out of detection, as {(NotBucketed == 1 ? "it" : "each")} came after its time bucket had closed{late}");
    }

    /// <summary>
    /// When at least <see cref="LeftOutWarningShare"/> of the matched mentions were left out of detection, a warning
    /// that says what share, the likely cause and the first one left out (<paramref name="first"/>); otherwise <see langword="null"/>.
    /// </summary>
    public string? LeftOutWarning(string command, LeftOutMention? first)
    {
        if (NotBucketed == 0 || Matched == 0 || NotBucketed < LeftOutWarningShare * Matched)
        {
            return null;
        }

        var example = first is null ? ""
            : first.LatestWhere is null ? $"; the first left out is {first.Where} ({MentionTime.Format(first.Timestamp)})"
            : $"; the first left out is {first.Where} ({MentionTime.Format(first.Timestamp)}), behind {first.LatestWhere} ({MentionTime.Format(first.LatestTimestamp!.Value)})";
        return string.Create(CultureInfo.InvariantCulture, $"{command}: warning: that is {(double)NotBucketed / Matched:0%} of the matched mentions, so a crisis among them can go undetected: the mentions are likely not in time order, or some are dated ahead of the rest{example}; sort the mentions by timestamp (and correct any dated ahead) and run again");
    }

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
