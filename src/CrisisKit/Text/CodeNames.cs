using System.Text.Json;

namespace CrisisKit.Text;

/// <summary>
/// The stable text of a code enum (<c>FindingCode.DetectedSlowly</c> → <c>detected-slowly</c>): the same kebab-case
/// name its <c>JsonStringEnumMemberName</c> gives it in JSON, for messages and reports.
/// </summary>
internal static class CodeNames
{
    /// <summary>The code's kebab-case name.</summary>
    /// <typeparam name="T">A code enum.</typeparam>
    /// <param name="code">The code.</param>
    /// <returns>Its name in lower case with hyphens.</returns>
    public static string ToId<T>(this T code)
        where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(code.ToString());
}
