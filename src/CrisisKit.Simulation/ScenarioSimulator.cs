using System.Globalization;
using CrisisKit.Mentions;

namespace CrisisKit.Simulation;

/// <summary>
/// Generates the mention stream of a <see cref="Scenario"/>: ordinary traffic with a daily and weekly rhythm and a
/// mix of neutral, positive and negative posts in English and Greek, from authors with heavy-tailed follower counts
/// across several platforms, plus the scenario's scripted events. The same scenario and seed always give the same
/// stream; mentions come in timestamp order with unique ids, and another scenario or seed numbers its ids from a start
/// of its own (16,777,216 ids apart), so several simulated streams can be fed to one monitor.
/// </summary>
/// <remarks>
/// Volume per minute is a Poisson draw whose rate is the baseline times the rhythm plus each active event's rate, so
/// generation costs little more than allocating the mentions (millions per second; see <c>docs/benchmarks.md</c>).
/// </remarks>
public sealed class ScenarioSimulator
{
    private static readonly double[] HourProfile = Normalise(
        [0.45, 0.32, 0.25, 0.22, 0.22, 0.28, 0.45, 0.75, 1.05, 1.25, 1.35, 1.42, 1.45, 1.38, 1.30, 1.25, 1.22, 1.25, 1.35, 1.55, 1.65, 1.55, 1.20, 0.80]);

    // Monday first.
    private static readonly double[] DayProfile = Normalise([1.05, 1.05, 1.05, 1.05, 1.05, 0.9, 0.85]);

    private static readonly (string Platform, double Share)[] PlatformMix =
    [
        (Platforms.X, 0.48), (Platforms.Facebook, 0.16), (Platforms.Instagram, 0.12), (Platforms.TikTok, 0.08),
        (Platforms.Reddit, 0.07), (Platforms.YouTube, 0.05), (Platforms.News, 0.02), (Platforms.Reviews, 0.02),
    ];

    private static readonly string[] NameParts =
    [
        "alex", "maria", "nikos", "sam", "eleni", "jo", "kostas", "anna", "chris", "dimitra", "lee", "giorgos", "kate", "yannis",
        "mel", "sofia", "tom", "katerina", "max", "irene", "dan", "vasso", "pat", "stella", "ben", "zoe", "leo", "nefeli",
    ];

    private static readonly string[] MediaHandles =
    [
        "dailytechwire", "newsroom_now", "gadgetdesk", "athensnewsfeed", "kathimerini_tech", "marketwatcher", "breakingbiz",
        "consumerwatch", "techcrunchy", "euro_business", "greekreporter_live", "phonearena_news", "thedataleak", "citizens_desk",
    ];

    private readonly Scenario _scenario;
    private readonly int _seed;

    /// <summary>Creates a simulator for <paramref name="scenario"/> with the given seed.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="seed">The seed; the same seed gives the same stream.</param>
    /// <exception cref="ArgumentException">The scenario is invalid (the message lists each problem; see <see cref="Scenario.Validate"/>).</exception>
    public ScenarioSimulator(Scenario scenario, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var errors = scenario.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid scenario '{scenario.Name}': {string.Join(" ", errors)}", nameof(scenario));
        }

        _scenario = scenario;
        _seed = seed;
    }

    /// <summary>The scenario being simulated.</summary>
    public Scenario Scenario => _scenario;

    /// <summary>The seed.</summary>
    public int Seed => _seed;

    /// <summary>Generates the stream, lazily; each enumeration starts again from the seed.</summary>
    /// <returns>The mentions, in timestamp order.</returns>
    public IEnumerable<Mention> Generate()
    {
        var run = new Run(_scenario, _seed);
        return run.Mentions();
    }

    private static double[] Normalise(double[] values)
    {
        var mean = values.Average();
        return [.. values.Select(v => v / mean)];
    }

    /// <summary>The relative volume at <paramref name="time"/>: hour-of-day (interpolated) times day-of-week.</summary>
    internal static double Rhythm(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var hour = utc.Hour + (utc.Minute / 60.0);
        var h0 = (int)hour;
        var fraction = hour - h0;
        var daily = (HourProfile[h0] * (1 - fraction)) + (HourProfile[(h0 + 1) % 24] * fraction);
        var day = ((int)utc.DayOfWeek + 6) % 7;
        return daily * DayProfile[day];
    }

    /// <summary>An event's extra mentions per minute, as a multiple of the baseline per minute, <paramref name="minutes"/> after its onset.</summary>
    internal static double EventShape(ScriptedEvent scriptedEvent, double minutes)
    {
        var length = scriptedEvent.Duration.TotalMinutes;
        if (minutes < 0 || minutes >= length)
        {
            return 0;
        }

        var shape = scriptedEvent.Kind switch
        {
            ScriptedEventKind.ViralComplaint => 8 * (1 - Math.Exp(-minutes / 8)) * Math.Exp(-minutes / (length / 3)),
            ScriptedEventKind.ProductDefect => 0.4 + (2.6 * Math.Pow(minutes / length, 1.5)),
            ScriptedEventKind.DataBreach => 10 * Math.Exp(-minutes / (length / 4)),
            ScriptedEventKind.AdBacklash => 6 * Math.Min(1, minutes / 60) * Math.Exp(-Math.Max(0, minutes - 60) / (length / 3)),
            ScriptedEventKind.BotFlood => 12,
            ScriptedEventKind.Recovery => 1.2 * Math.Exp(-minutes / (length / 2)),
            _ => 0,
        };
        return shape * scriptedEvent.Intensity;
    }

    private enum Topic
    {
        Neutral,
        Positive,
        Negative,
        ViralOriginal,
        ViralReaction,
        Defect,
        Breach,
        Backlash,
        Spam,
        Recovery,
    }

    /// <summary>The state of one enumeration.</summary>
    private sealed class Run
    {
        private readonly Scenario _scenario;
        private readonly SimulationRandom _random;
        private readonly MentionAuthor[] _authors;
        private readonly MentionAuthor[] _media;
        private readonly MentionAuthor[] _bots;
        private readonly MentionAuthor _influencer;
        private readonly PhraseBanks.Template[][] _english;
        private readonly PhraseBanks.Template[][] _greek;
        private readonly string[] _brandReferences;
        private readonly string?[] _originalIds;
        private readonly double[] _offsets = new double[64];
        private long _nextId;

        public Run(Scenario scenario, int seed)
        {
            _scenario = scenario;
            _random = new SimulationRandom(((ulong)(uint)seed << 32) ^ StableHash(scenario.Name));
            var brand = scenario.BrandName ?? Capitalise(scenario.Subject.Keywords[0]);
            _english = PhraseBanks.Compile(PhraseBanks.English, brand);
            _greek = PhraseBanks.Compile(PhraseBanks.Greek, brand);
            _brandReferences = BrandReferences(scenario.Subject, brand);
            _authors = BuildAuthors(scenario.AuthorPoolSize);
            _media = [.. MediaHandles.Select(h => new MentionAuthor(h, (long)(80_000 * Math.Exp(_random.NextDouble() * 3.5)), true) { DisplayName = h })];
            _bots = [.. Enumerable.Range(0, 300).Select(i => new MentionAuthor($"{NameParts[_random.Next(NameParts.Length)]}_deals{1000 + _random.Next(9000)}", _random.Next(15)))];
            _influencer = new MentionAuthor("thefrankreviewer", 850_000, true) { DisplayName = "The Frank Reviewer" };
            _originalIds = new string?[scenario.Events.Count];
            // Each scenario and seed numbers its ids from a start of its own, 2^24 apart, so that streams of several
            // simulators fed to one monitor are not taken for duplicates of each other.
            _nextId = 1_760_000_000_000_000_000L + ((long)(uint)(SimulationStream(seed, scenario.Name) >> 32) << 24);
        }

        public IEnumerable<Mention> Mentions()
        {
            var events = _scenario.Events;
            var minutes = (long)Math.Ceiling(_scenario.Duration.TotalMinutes);
            var basePerMinute = _scenario.BaselineMentionsPerHour / 60.0;
            var eventRates = new double[events.Count];
            for (var m = 0L; m < minutes; m++)
            {
                var minuteStart = _scenario.Start.AddMinutes(m);
                var baseline = basePerMinute * Rhythm(minuteStart);
                var total = baseline;
                for (var e = 0; e < events.Count; e++)
                {
                    eventRates[e] = basePerMinute * EventShape(events[e], (minuteStart - (_scenario.Start + events[e].Onset)).TotalMinutes);
                    total += eventRates[e];
                }

                // A viral complaint starts with its original post, at its onset.
                for (var e = 0; e < events.Count; e++)
                {
                    if (events[e].Kind == ScriptedEventKind.ViralComplaint && _originalIds[e] is null && minuteStart >= _scenario.Start + events[e].Onset)
                    {
                        var original = Create(minuteStart, Topic.ViralOriginal, _influencer, null, isOriginal: true);
                        _originalIds[e] = original.Id;
                        yield return original;
                    }
                }

                var count = _random.NextPoisson(total);
                var offsets = count <= _offsets.Length ? _offsets : new double[count];
                for (var i = 0; i < count; i++)
                {
                    offsets[i] = _random.NextDouble() * 60_000;
                }

                Array.Sort(offsets, 0, count);
                for (var i = 0; i < count; i++)
                {
                    var at = minuteStart.AddMilliseconds(Math.Floor(offsets[i]));
                    var pick = _random.NextDouble() * total;
                    if (pick < baseline)
                    {
                        yield return Ordinary(at);
                        continue;
                    }

                    pick -= baseline;
                    var chosen = events.Count - 1;
                    for (var e = 0; e < events.Count; e++)
                    {
                        if (pick < eventRates[e])
                        {
                            chosen = e;
                            break;
                        }

                        pick -= eventRates[e];
                    }

                    yield return FromEvent(at, events[chosen].Kind, _originalIds[chosen]);
                }
            }
        }

        private Mention Ordinary(DateTimeOffset at)
        {
            var roll = _random.NextDouble();
            var topic = roll < 0.55 ? Topic.Neutral : roll < 0.83 ? Topic.Positive : Topic.Negative;
            return Create(at, topic, OrdinaryAuthor(), null, isOriginal: false);
        }

        private Mention FromEvent(DateTimeOffset at, ScriptedEventKind kind, string? originalId) => kind switch
        {
            ScriptedEventKind.ViralComplaint => Create(at, Topic.ViralReaction, AnyAuthor(), originalId, isOriginal: false),
            ScriptedEventKind.ProductDefect => Create(at, Topic.Defect, AnyAuthor(), null, isOriginal: false),
            ScriptedEventKind.DataBreach => Create(at, Topic.Breach, _random.Chance(0.08) ? _media[_random.Next(_media.Length)] : AnyAuthor(), null, isOriginal: false),
            ScriptedEventKind.AdBacklash => Create(at, Topic.Backlash, AnyAuthor(), null, isOriginal: false),
            ScriptedEventKind.BotFlood => Create(at, Topic.Spam, _bots[_random.Next(_bots.Length)], null, isOriginal: false),
            _ => Create(at, Topic.Recovery, AnyAuthor(), null, isOriginal: false),
        };

        private Mention Create(DateTimeOffset at, Topic topic, MentionAuthor author, string? reactsTo, bool isOriginal)
        {
            var greek = _random.Chance(_scenario.GreekShare);
            var bank = (greek ? _greek : _english)[(int)topic];
            var template = bank[_random.Next(bank.Length)];
            var reference = _brandReferences[_random.Next(_brandReferences.Length)];
            var text = string.Concat(template.Before, reference, template.After);
            if (template.HasNumber)
            {
                text = text.Replace("{n}", (1000 + _random.Next(9000)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            var isBot = topic == Topic.Spam;
            var platform = isBot || isOriginal ? Platforms.X : PickPlatform();
            var reach = Math.Sqrt(author.Followers + 1);
            var engagement = isBot
                ? default
                : isOriginal
                    ? new MentionEngagement(18_000, 6_500, 2_400, 1_900_000)
                    : new MentionEngagement((long)(reach * _random.NextDouble()), (long)(reach * 0.1 * _random.NextDouble() * _random.NextDouble()), (long)(reach * 0.05 * _random.NextDouble()), (long)(author.Followers * (0.05 + (0.3 * _random.NextDouble()))));
            string? inReplyTo = null;
            string? quoted = null;
            if (reactsTo is not null)
            {
                if (_random.Chance(0.5))
                {
                    inReplyTo = reactsTo;
                }
                else
                {
                    quoted = reactsTo;
                }
            }

            return new Mention
            {
                Id = (_nextId++).ToString(CultureInfo.InvariantCulture),
                Platform = platform,
                Author = author,
                Text = text,
                Timestamp = at,
                Language = greek ? "el" : "en",
                Engagement = engagement,
                InReplyToId = inReplyTo,
                QuotedId = quoted,
            };
        }

        private MentionAuthor OrdinaryAuthor()
        {
            // Activity is skewed: a few authors post often, most rarely.
            var u = _random.NextDouble();
            return _authors[(int)(_authors.Length * u * u)];
        }

        private MentionAuthor AnyAuthor() => _authors[_random.Next(_authors.Length)];

        private string PickPlatform()
        {
            var roll = _random.NextDouble();
            foreach (var (platform, share) in PlatformMix)
            {
                if (roll < share)
                {
                    return platform;
                }

                roll -= share;
            }

            return Platforms.X;
        }

        private MentionAuthor[] BuildAuthors(int count)
        {
            var authors = new MentionAuthor[count];
            for (var i = 0; i < count; i++)
            {
                // Log-normal followers: median about 100, a long tail reaching hundreds of thousands.
                var followers = (long)Math.Min(20_000_000, Math.Exp(4.6 + (1.9 * _random.NextGaussian())));
                var verified = followers > 200_000 ? _random.Chance(0.5) : _random.Chance(0.002);
                var name = NameParts[_random.Next(NameParts.Length)];
                authors[i] = new MentionAuthor($"{name}{NameParts[_random.Next(NameParts.Length)]}{i}", followers, verified);
            }

            return authors;
        }

        private static string[] BrandReferences(MonitoredSubject subject, string brand)
        {
            var references = new List<string> { brand, brand, brand, brand.ToUpperInvariant() };
            references.AddRange(subject.Handles.Select(h => h.StartsWith('@') ? h : "@" + h));
            references.AddRange(subject.Hashtags.Select(h => h.StartsWith('#') ? h : "#" + h));
            return [.. references];
        }

        private static string Capitalise(string keyword) =>
            keyword.Length == 0 ? keyword : string.Concat(char.ToUpperInvariant(keyword[0]).ToString(), keyword[1..]);

        /// <summary>A well-mixed number for the scenario and seed, the same in every process.</summary>
        private static ulong SimulationStream(int seed, string name) => (((ulong)(uint)seed << 32) ^ StableHash(name)) * 0x9E3779B97F4A7C15UL;

        private static ulong StableHash(string value)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in value)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            return hash;
        }
    }
}
