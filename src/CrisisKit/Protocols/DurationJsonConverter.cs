using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrisisKit.Protocols;

/// <summary>Reads durations written as <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1d</c> or <c>hh:mm:ss</c>; writes the short form.</summary>
internal sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("a duration must be a string such as \"15m\", \"2h\", \"1d\" or \"00:15:00\".");
        }

        var text = reader.GetString()!;
        return Parse(text) ?? throw new JsonException($"'{text}' is not a duration; write it like \"90s\", \"15m\", \"2h\", \"1d\" or \"00:15:00\".");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteStringValue(Format(value));

    /// <summary>
    /// Reads <c>90s</c>, <c>1.5h</c>, <c>15m</c>, <c>2h</c>, <c>1d</c> or <c>[d.]hh:mm[:ss]</c>. A bare number is refused:
    /// is <c>10</c> ten minutes, ten hours or ten days? Negative, not-a-number and out-of-range values are refused too.
    /// </summary>
    internal static TimeSpan? Parse(string text)
    {
        text = text.Trim();
        if (text.Length >= 2 && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? unit = text[^1] switch
            {
                's' or 'S' => TimeSpan.FromSeconds(1),
                'm' or 'M' => TimeSpan.FromMinutes(1),
                'h' or 'H' => TimeSpan.FromHours(1),
                'd' or 'D' => TimeSpan.FromDays(1),
                _ => null,
            };
            if (unit is { } u && amount * u.Ticks < TimeSpan.MaxValue.Ticks)
            {
                return TimeSpan.FromTicks((long)(amount * u.Ticks));
            }

            return null;
        }

        return text.Contains(':', StringComparison.Ordinal) && !text.StartsWith('-') && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero ? span : null;
    }

    internal static string Format(TimeSpan value) =>
        value.Ticks % TimeSpan.TicksPerDay == 0 && value > TimeSpan.Zero ? $"{value.TotalDays:0}d"
        : value.Ticks % TimeSpan.TicksPerHour == 0 && value > TimeSpan.Zero ? $"{value.TotalHours:0}h"
        : value.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{value.TotalMinutes:0}m"
        : value.Ticks % TimeSpan.TicksPerSecond == 0 && value > TimeSpan.Zero ? $"{value.TotalSeconds:0}s"
        : value.ToString("c", CultureInfo.InvariantCulture);
}

/// <summary>The nullable form of <see cref="DurationJsonConverter"/>.</summary>
internal sealed class NullableDurationJsonConverter : JsonConverter<TimeSpan?>
{
    private static readonly DurationJsonConverter Inner = new();

    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(TimeSpan), options);

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            Inner.Write(writer, v, options);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Durations as written in protocol files and on the command line: <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1d</c> or <c>hh:mm:ss</c>.</summary>
public static class DurationText
{
    /// <summary>Reads a duration.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The duration, or <see langword="null"/> when the text is not one (negative durations are not).</returns>
    public static TimeSpan? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DurationJsonConverter.Parse(text);
    }

    /// <summary>Writes a duration in the shortest of those forms.</summary>
    /// <param name="value">The duration.</param>
    /// <returns>The text.</returns>
    public static string Format(TimeSpan value) => DurationJsonConverter.Format(value);
}
