namespace CrisisKit.Text;

/// <summary>Reads the lexicon files embedded in the CrisisKit assembly.</summary>
internal static class EmbeddedLexicons
{
    public static string Read(string name)
    {
        using var stream = typeof(EmbeddedLexicons).Assembly.GetManifestResourceStream($"CrisisKit.Lexicons.{name}")
            ?? throw new InvalidOperationException($"The built-in lexicon '{name}' is missing from the CrisisKit assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
