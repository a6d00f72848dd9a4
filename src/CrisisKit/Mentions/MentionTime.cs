using System.Globalization;
using CrisisKit.Protocols;

namespace CrisisKit.Mentions;

/// <summary>
/// Mention timestamps as text: the only forms read (ISO 8601, never a guessed day/month order) and the one form
/// messages write them in.
/// </summary>
internal static class MentionTime
{
    // K: 'Z', an offset such as +02:00, or nothing (then UTC is assumed). FFFFFFF: optional fractions of a second.
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd' 'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzz",
        "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzzz",
        "yyyy-MM-dd",
    ];

    /// <summary>Reads an ISO 8601 date-time (date and time separated by <c>T</c> or a space; no offset means UTC), in UTC.</summary>
    public static bool TryParseIso(ReadOnlySpan<char> value, out DateTimeOffset timestamp)
    {
        foreach (var format in IsoFormats)
        {
            if (DateTimeOffset.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp))
            {
                return true;
            }
        }

        timestamp = default;
        return false;
    }

    /// <summary>A timestamp in messages: ISO 8601 in UTC, to the second.</summary>
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A duration in messages, as protocol files write it (<c>15m</c>).</summary>
    public static string Format(TimeSpan value) => DurationText.Format(value);

    /// <summary><paramref name="now"/> plus <paramref name="skew"/>, or the largest time when that would overflow.</summary>
    public static DateTimeOffset Latest(DateTimeOffset now, TimeSpan skew) =>
        now > DateTimeOffset.MaxValue - skew ? DateTimeOffset.MaxValue : now + skew;
}
