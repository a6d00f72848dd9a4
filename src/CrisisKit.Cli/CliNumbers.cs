using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CrisisKit.Cli;

/// <summary>
/// Number options that say what is wrong in words ("--mentions: '1e6' is not a whole number ..."), instead of the
/// parser's own message naming a .NET type.
/// </summary>
internal static class CliNumbers
{
    /// <summary>An option holding a whole number, written with digits only.</summary>
    public static Option<int> WholeNumber(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = Token(result);
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a whole number; write it with digits only, such as {defaultValue.ToString(CultureInfo.InvariantCulture)}{(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? $" (at most {int.MaxValue.ToString(CultureInfo.InvariantCulture)})" : "")}.");
            return defaultValue;
        },
    };

    /// <summary>An option holding a decimal number, written with a point (never a comma).</summary>
    public static Option<double> DecimalNumber(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = Token(result);
            if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a number; write it like {defaultValue.ToString(CultureInfo.InvariantCulture)}.");
            return defaultValue;
        },
    };

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
}
