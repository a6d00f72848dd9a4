using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace CrisisKit.Text;

/// <summary>
/// Case and accent folding for matching: one table lookup per UTF-16 unit. Letters and digits fold to their
/// lower-case base letter (Greek tonos and dialytika removed, final sigma folded to sigma); combining marks and
/// format characters are ignorable inside a word; everything else separates words.
/// </summary>
internal static class TextFolding
{
    /// <summary>Table value of a unit that separates words.</summary>
    public const char Separator = '\0';

    /// <summary>Table value of a unit that is skipped without ending a word (combining marks, joiners).</summary>
    public const char Ignorable = '\u0001';

    /// <summary><see cref="Class"/> flag: an upper-case letter.</summary>
    public const byte Upper = 1;

    /// <summary><see cref="Class"/> flag: a lower-case letter.</summary>
    public const byte Lower = 2;

    private const string AccentedLetters = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿάέήίόύώϊϋΐΰ";
    private const string BaseLetters = "aaaaaaceeeeiiiinoooooouuuuyyαεηιουωιυιυ";

    private static readonly char[] Table = BuildTable();
    private static readonly byte[] Classes = BuildClasses();

    /// <summary><see cref="Upper"/>, <see cref="Lower"/> or 0 for <paramref name="c"/>, in one table lookup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Class(char c) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Classes), c); // the table covers every char

    /// <summary>The folded form of <paramref name="c"/>, <see cref="Separator"/> or <see cref="Ignorable"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char Fold(char c) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Table), c); // the table covers every char

    /// <summary>Folds a whole string (separators kept as they are) for display and tests.</summary>
    public static string FoldString(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            var folded = Table[c];
            if (folded == Separator)
            {
                builder.Append(c);
            }
            else if (folded != Ignorable)
            {
                builder.Append(folded);
            }
        }

        return builder.ToString();
    }

    private static byte[] BuildClasses()
    {
        var classes = new byte[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            classes[i] = char.IsUpper(c) ? Upper : char.IsLower(c) ? Lower : (byte)0;
        }

        return classes;
    }

    private static char[] BuildTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            if (char.IsSurrogate(c))
            {
                table[i] = Separator;
                continue;
            }

            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.EnclosingMark:
                case UnicodeCategory.Format:
                    table[i] = Ignorable;
                    break;
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.DecimalDigitNumber:
                    table[i] = FoldLetter(c);
                    break;
                default:
                    table[i] = Separator;
                    break;
            }
        }

        return table;
    }

    private static char FoldLetter(char c)
    {
        if (c < 0x80)
        {
            return c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
        }

        var lower = char.ToLowerInvariant(c);
        if (lower == '\u03C2')
        {
            return '\u03C3'; // final sigma folds to sigma
        }

        if (lower < 0xC0)
        {
            return lower;
        }

        // Greek and Latin-1 accents are folded from fixed tables: string normalisation is unavailable when an app
        // runs with invariant globalization (common in containers and in this package's own command-line tool).
        var fixedIndex = AccentedLetters.IndexOf(lower);
        if (fixedIndex >= 0)
        {
            return BaseLetters[fixedIndex];
        }

        var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
        var baseChar = decomposed[0];
        return decomposed.Length > 1 && char.IsLetterOrDigit(baseChar) ? baseChar : lower;
    }
}
