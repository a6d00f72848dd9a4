using CrisisKit.Mentions;

namespace CrisisKit.Benchmarks;

/// <summary>Deterministic tweet-like mentions and subjects for benchmarks.</summary>
internal static class BenchmarkData
{
    private static readonly string[] Openers =
    [
        "Just got my new", "Why is my", "Honestly the", "Can't believe the", "Loving the", "So disappointed with the",
        "Anyone else having issues with the", "Shoutout to the", "Δεν δουλεύει το", "Τέλειο το", "Απαράδεκτο το",
    ];

    private static readonly string[] Middles =
    [
        "phone", "app update", "customer service", "delivery", "new ad campaign", "network in my area", "battery",
        "subscription price", "κινητό", "δίκτυο", "εξυπηρέτηση πελατών",
    ];

    private static readonly string[] Closers =
    [
        "!!!", "😡😡", "... again", "#fail", "10/10 would recommend 🙌", "https://t.co/AbCdEf123", "smh", "lol", "ευχαριστώ!", "😍",
    ];

    /// <summary>100 brand subjects, each with two keywords, a handle and a hashtag.</summary>
    public static List<MonitoredSubject> Subjects(int count = 100) =>
        [.. Enumerable.Range(0, count).Select(i => new MonitoredSubject
        {
            Id = $"brand{i}",
            Keywords = [$"brand{i}", $"brand {i} mobile"],
            Handles = [$"@brand{i}care"],
            Hashtags = [$"#brand{i}fail"],
        })];

    /// <summary>Mentions of about 100 characters; about half name one of the subjects.</summary>
    public static List<Mention> Mentions(int count, int subjects = 100, int seed = 42)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var mentions = new List<Mention>(count);
        for (var i = 0; i < count; i++)
        {
            var brand = random.Next(2 * subjects);
            var reference = random.Next(3) switch
            {
                0 => $"brand{brand}",
                1 => $"@brand{brand}care",
                _ => $"#Brand{brand}Fail",
            };
            mentions.Add(new Mention
            {
                Id = (1_000_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Platform = Platforms.X,
                Timestamp = start.AddSeconds(i * 0.5),
                Text = $"{Openers[random.Next(Openers.Length)]} {reference} {Middles[random.Next(Middles.Length)]}, {Middles[random.Next(Middles.Length)]} {Closers[random.Next(Closers.Length)]}",
                Language = random.Next(5) == 0 ? "el" : "en",
                Author = new MentionAuthor($"user{random.Next(50_000)}", (long)Math.Exp(random.NextDouble() * 12), random.Next(100) == 0) { DisplayName = "A Person" },
                Engagement = new MentionEngagement(random.Next(20), random.Next(5), random.Next(5), random.Next(2000)),
                InReplyToId = random.Next(4) == 0 ? "999999" : null,
                Url = $"https://x.example/status/{1_000_000_000 + i}",
            });
        }

        return mentions;
    }
}
