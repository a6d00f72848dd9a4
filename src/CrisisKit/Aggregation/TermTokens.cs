namespace CrisisKit.Aggregation;

/// <summary>
/// The countable terms of one mention's text (see <see cref="TermSketch.Tokenize"/>): hash, kind and folded text of
/// each. Reused buffers, one set per thread, so splitting a mention allocates nothing once they have grown.
/// </summary>
internal sealed class TermTokens
{
    [ThreadStatic] private static TermTokens? t_current;

    private char[] _chars = new char[16 * TermSketch.MaxTermLength];
    private int[] _starts = new int[16];
    private byte[] _lengths = new byte[16];

    /// <summary>The term hashes, as <see cref="TermSketch"/> keys them.</summary>
    public ulong[] Hashes { get; private set; } = new ulong[16];

    /// <summary>Each term's kind: 0 a word, 1 a hashtag.</summary>
    public byte[] Kinds { get; private set; } = new byte[16];

    /// <summary>How many terms there are.</summary>
    public int Count { get; private set; }

    /// <summary>This thread's buffers.</summary>
    public static TermTokens ForThread() => t_current ??= new TermTokens();

    /// <summary>
    /// Takes this thread's buffers for the caller alone until <see cref="Return"/>: a nested call on the same thread (an
    /// observer that ingests from inside an event) gets new buffers instead of overwriting these.
    /// </summary>
    public static TermTokens Rent()
    {
        var tokens = t_current ?? new TermTokens();
        t_current = null;
        return tokens;
    }

    /// <summary>Gives buffers taken with <see cref="Rent"/> back to this thread.</summary>
    public static void Return(TermTokens tokens) => t_current = tokens;

    /// <summary>The folded text of term <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> Text(int index) => _chars.AsSpan(_starts[index], _lengths[index]);

    public void Clear() => Count = 0;

    public void Add(ulong hash, ReadOnlySpan<char> text, byte kind)
    {
        if (Count == Hashes.Length)
        {
            var size = Count * 2;
            Hashes = Grow(Hashes, size);
            Kinds = Grow(Kinds, size);
            _starts = Grow(_starts, size);
            _lengths = Grow(_lengths, size);
        }

        var start = Count == 0 ? 0 : _starts[Count - 1] + _lengths[Count - 1];
        if (start + text.Length > _chars.Length)
        {
            _chars = Grow(_chars, Math.Max(_chars.Length * 2, start + text.Length));
        }

        text.CopyTo(_chars.AsSpan(start));
        Hashes[Count] = hash;
        Kinds[Count] = kind;
        _starts[Count] = start;
        _lengths[Count] = (byte)text.Length;
        Count++;
    }

    private static T[] Grow<T>(T[] array, int size)
    {
        var grown = new T[size];
        array.AsSpan().CopyTo(grown);
        return grown;
    }
}
