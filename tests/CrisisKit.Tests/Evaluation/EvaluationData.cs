using CrisisKit.Aggregation;
using CrisisKit.Detection;
using CrisisKit.Incidents;
using CrisisKit.Protocols;
using CrisisKit.Severity;

namespace CrisisKit.Tests.Evaluation;

/// <summary>Hand-built incidents and bucket series for the evaluation tests.</summary>
internal static class EvaluationData
{
    /// <summary>The start of the two-day series.</summary>
    public static readonly DateTimeOffset Day0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The burst's onset in the standard series: day 1, 10:00.</summary>
    public static readonly DateTimeOffset Onset = Day0.AddHours(34);

    public static readonly TimeSpan Bucket = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A quiet bucket: 10 to 14 mentions (median 12, MAD 1), one negative, mean sentiment 0.27, 0.29, 0.31 or 0.33
    /// (mean 0.30, standard deviation 0.0224, so the band is the 0.05 minimum: 0.25 to 0.35), reach 1,000 per mention.
    /// </summary>
    public static MentionBucket Quiet(DateTimeOffset start, int i)
    {
        var mentions = 10 + (i % 5);
        var mean = 0.30 + (0.02 * ((i % 4) - 1.5));
        return new MentionBucket(start, mentions, 1, mean * mentions, 1_000.0 * mentions, mentions, 0, 0);
    }

    /// <summary>
    /// Quiet buckets from <paramref name="start"/> for <paramref name="hours"/>, with a burst at <paramref name="onset"/>:
    /// an hour of 60 mentions (40 negative, mean −0.4, reach 200,000) with 100 mentions (70 negative, reach 500,000)
    /// half an hour in, then 30 mentions (12 negative, mean 0) until <paramref name="recoverAfter"/> from the onset
    /// (or the end of the data when <see langword="null"/>), then quiet again.
    /// </summary>
    public static List<MentionBucket> Series(DateTimeOffset start, int hours, DateTimeOffset onset, TimeSpan? recoverAfter)
    {
        var buckets = new List<MentionBucket>();
        for (var i = 0; i < hours * 12; i++)
        {
            var t = start + (Bucket * i);
            if (t < onset || (recoverAfter is { } r && t >= onset + r))
            {
                buckets.Add(Quiet(t, i));
            }
            else if (t == onset.AddMinutes(30))
            {
                buckets.Add(new MentionBucket(t, 100, 70, -40, 500_000, 90, 50, 10));
            }
            else if (t < onset.AddHours(1))
            {
                buckets.Add(new MentionBucket(t, 60, 40, -24, 200_000, 55, 20, 5));
            }
            else
            {
                buckets.Add(new MentionBucket(t, 30, 12, 0, 50_000, 28, 5, 2));
            }
        }

        return buckets;
    }

    /// <summary>The standard two-day series: day 0 00:00 to day 2 00:00, burst at day 1 10:00, quiet again from 14:00.</summary>
    public static List<MentionBucket> TwoDays(TimeSpan? recoverAfter) => Series(Day0, 48, Onset, recoverAfter);

    public static ResponseProtocol Standard() => new()
    {
        Id = "standard",
        Name = "Standard",
        Deadlines = new ProtocolDeadlines
        {
            Acknowledge = TimeSpan.FromHours(1),
            FirstResponse = TimeSpan.FromHours(4),
            UpdateEvery = TimeSpan.FromHours(8),
            RemindBefore = TimeSpan.FromMinutes(15),
        },
    };

    public static DateTimeOffset At(int hour, int minute) => Day0.AddDays(1).AddHours(hour).AddMinutes(minute);

    /// <summary>Opened at 10:10 on day 1 from a first signal at 10:05, Moderate, standard protocol.</summary>
    public static List<IncidentEvent> Opening() =>
    [
        new IncidentOpened(At(10, 10), "veltro", "Veltro", "veltro-20260303T1005", At(10, 5), null, "negative share 67% vs 8% usual"),
        new SeverityChanged(At(10, 10), null, SeverityLevel.Moderate, 30, []),
        new ProtocolChosen(At(10, 10), "standard", "the everyday protocol"),
    ];

    public static NotificationSent Sent(DateTimeOffset at, int step, int round) =>
        new(at, $"veltro-1/standard/step{step}/round{round}/p/webhook", "standard", step, round, step == 0 ? "duty-moderator" : "social-lead", "webhook", 1);

    public static Incident Incident(IEnumerable<IncidentEvent> events) => CrisisKit.Incidents.Incident.FromTimeline("veltro-1", [.. events]);
}
