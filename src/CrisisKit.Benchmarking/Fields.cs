using System.Globalization;

namespace CrisisKit.Benchmarking;

/// <summary>How the data readers quote what they read back to the user.</summary>
internal static class Fields
{
    /// <summary>How many characters of a field a message quotes.</summary>
    public const int ExcerptLength = 40;

    /// <summary>A field as a message quotes it: whole up to 40 characters, else its start and its length (a bad field may be megabytes long).</summary>
    /// <param name="field">The field.</param>
    /// <returns>The field, or its first 40 characters, an ellipsis and its length: <c>xxxx…xxxx… (2,000,000 characters)</c>.</returns>
    public static string Excerpt(string field) =>
        field.Length <= ExcerptLength ? field : string.Create(CultureInfo.InvariantCulture, $"{field[..ExcerptLength]}… ({field.Length:N0} characters)");
}
