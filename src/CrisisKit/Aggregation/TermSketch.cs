using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using CrisisKit.Detection;
using CrisisKit.Snapshots;
using CrisisKit.Text;

namespace CrisisKit.Aggregation;

/// <summary>
/// The terms and hashtags of one subject's mentions in a fixed number of slots: per slot the folded text (up to
/// <see cref="MaxTermLength"/> characters), its counts in the two buckets that can be open at once, and its
/// background rate per bucket (an exponentially weighted mean). When the sketch is full a new term takes the slot
/// with the lowest rate among a few probed ones and inherits that rate, so a term is never thought newer than it
/// is (the Space-Saving idea, with sampled eviction to keep each insertion O(1)). Nothing is allocated per mention.
/// </summary>
internal sealed class TermSketch : ISnapshotState
{
    public const int MaxTermLength = 32;
    private const int EvictionProbes = 8;

    private readonly int _capacity;
    private readonly ulong[] _hashes;
    private readonly char[] _text;
    private readonly byte[] _lengths;
    private readonly int[] _counts;
    private readonly float[] _background;
    private readonly byte[] _kinds;
    private readonly int[] _index;
    private readonly int _indexMask;
    private readonly HashSet<ulong> _excluded; // the subject's own names; stop words are shared
    private int _used;

    public TermSketch(int capacity, IEnumerable<string> excludedTerms)
    {
        _capacity = capacity;
        _hashes = new ulong[capacity];
        _text = new char[capacity * MaxTermLength];
        _lengths = new byte[capacity];
        _kinds = new byte[capacity];
        _counts = new int[capacity * 2];
        _background = new float[capacity];
        var size = 1;
        while (size < capacity * 2)
        {
            size <<= 1;
        }

        _index = new int[size];
        _indexMask = size - 1;
        _excluded = [];
        foreach (var term in excludedTerms)
        {
            foreach (var word in term.Split([' ', '#', '@'], StringSplitOptions.RemoveEmptyEntries))
            {
                var folded = TextFolding.FoldString(word);
                _excluded.Add(TermHash.Of(folded));
                _excluded.Add(TermHash.Of(folded, 1));
            }
        }
    }

    public int Capacity => _capacity;

    public int Used => _used;

    /// <summary>Counts terms found by <see cref="Tokenize"/> in the bucket with parity <paramref name="parity"/>.</summary>
    public void AddTerms(TermTokens terms, int parity)
    {
        for (var t = 0; t < terms.Count; t++)
        {
            var hash = terms.Hashes[t];
            if (!_excluded.Contains(hash))
            {
                Count(hash, terms.Text(t), terms.Kinds[t], parity);
            }
        }
    }

    /// <summary>
    /// Finds the countable terms of <paramref name="text"/> (words and hashtags of 3 to <see cref="MaxTermLength"/>
    /// characters, not starting with a digit, not stop words, outside links and handles) into <paramref name="terms"/>.
    /// Pure, so a mention is split once whatever the number of subjects it concerns.
    /// </summary>
    public static void Tokenize(string text, TermTokens terms)
    {
        terms.Clear();
        Span<char> word = stackalloc char[MaxTermLength];
        var length = 0;
        var hash = TermHash.Seed;
        var kind = (byte)0;
        var skip = false;
        var previous = ' ';
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            var folded = TextFolding.Fold(c);
            if (folded == TextFolding.Ignorable)
            {
                continue;
            }

            if (folded != TextFolding.Separator)
            {
                if (length == 0)
                {
                    kind = previous == '#' ? (byte)1 : (byte)0;
                    skip = previous is '@' or '/' or '.' || c is >= '0' and <= '9';
                }

                if (length < MaxTermLength)
                {
                    word[length] = folded;
                }

                length++;
                hash = TermHash.Step(hash, folded);
                previous = c;
                continue;
            }

            if (length > 0)
            {
                // A link's scheme ("http:") starts a run to skip up to the next space.
                if (c == ':' && length <= 5 && (word[..length].SequenceEqual("http") || word[..length].SequenceEqual("https")))
                {
                    while (i < text.Length && !char.IsWhiteSpace(text[i]))
                    {
                        i++;
                    }

                    c = ' ';
                }
                else if (!skip && length is >= 3 and <= MaxTermLength && TermHash.Finish(hash, kind) is var term && !StopWords.Hashes.Contains(term))
                {
                    terms.Add(term, word[..length], kind);
                }

                length = 0;
                hash = TermHash.Seed;
            }

            previous = c;
        }
    }

    /// <summary>The count of slot <paramref name="slot"/> in the bucket with parity <paramref name="parity"/>.</summary>
    public int CountOf(int slot, int parity) => _counts[(slot * 2) + parity];

    public float BackgroundOf(int slot) => _background[slot];

    public bool IsHashtag(int slot) => _kinds[slot] == 1;

    public string TextOf(int slot) => (IsHashtag(slot) ? "#" : "") + new string(_text, slot * MaxTermLength, _lengths[slot]);

    /// <summary>Ends the bucket with parity <paramref name="parity"/>: folds its counts into the background rates and clears them.</summary>
    public void CloseBucket(int parity, float smoothing)
    {
        for (var slot = 0; slot < _used; slot++)
        {
            ref var count = ref _counts[(slot * 2) + parity];
            _background[slot] += smoothing * (count - _background[slot]);
            count = 0;
        }
    }

    void ISnapshotState.Write(SnapshotWriter writer)
    {
        writer.WriteInt64(Field.Capacity, _capacity);
        writer.WriteInt64(Field.Used, _used);
        writer.WriteUInt64s(Field.Hashes, _hashes.AsSpan(0, _used));
        writer.WriteBytes(Field.Lengths, _lengths.AsSpan(0, _used));
        writer.WriteBytes(Field.Kinds, _kinds.AsSpan(0, _used));
        var textLength = 0;
        foreach (var length in _lengths.AsSpan(0, _used))
        {
            textLength += length;
        }

        // The slots' texts back to back (each slot holds up to MaxTermLength characters), as UTF-16 code units.
        var bytes = writer.WritePacked16(Field.Text, textLength);
        for (int slot = 0, at = 0; slot < _used; slot++)
        {
            foreach (var c in _text.AsSpan(slot * MaxTermLength, _lengths[slot]))
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes[at..], c);
                at += 2;
            }
        }

        writer.WriteInt32s(Field.Counts, _counts.AsSpan(0, _used * 2));
        writer.WriteSingles(Field.Background, _background.AsSpan(0, _used));
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        int? used = null;
        ReadOnlySpan<byte> text = default;
        Span<int> seen = stackalloc int[(int)Field.Background + 1];
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.Capacity:
                    if (reader.ReadInt64() is var capacity && capacity != _capacity)
                    {
                        throw new SnapshotDataException($"The snapshot's term sketches have {capacity} slots and this monitor's {_capacity}: it was taken with a different DetectionOptions.TermSketchCapacity.", corrupt: false);
                    }

                    break;
                case Field.Used:
                    used = reader.ReadInt32(0, _capacity);
                    break;
                case Field.Hashes:
                    seen[(int)field] = reader.ReadUInt64sUpTo(_hashes);
                    break;
                case Field.Lengths:
                    seen[(int)field] = reader.ReadBytesUpTo(_lengths);
                    break;
                case Field.Kinds:
                    seen[(int)field] = reader.ReadBytesUpTo(_kinds);
                    break;
                case Field.Text:
                    text = reader.ReadBytes();
                    break;
                case Field.Counts:
                    seen[(int)field] = reader.ReadInt32sUpTo(_counts) / 2;
                    break;
                case Field.Background:
                    seen[(int)field] = reader.ReadSinglesUpTo(_background);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        _used = used ?? 0;
        for (var f = Field.Hashes; f <= Field.Background; f++)
        {
            if (f != Field.Text && seen[(int)f] != _used)
            {
                throw new SnapshotDataException($"{seen[(int)f]} values for {_used} slots in use", $"{f} (field {(int)f})");
            }
        }

        Array.Clear(_index);
        var offset = 0;
        for (var slot = 0; slot < _used; slot++)
        {
            var length = _lengths[slot];
            if (length > MaxTermLength || _kinds[slot] > 1 || offset + (length * 2) > text.Length)
            {
                throw new SnapshotDataException($"slot {slot} has a term of {length} characters of kind {_kinds[slot]} with {(text.Length - offset) / 2} characters of text left", "Lengths (field 4)");
            }

            for (var i = 0; i < length; i++, offset += 2)
            {
                _text[(slot * MaxTermLength) + i] = (char)BinaryPrimitives.ReadUInt16LittleEndian(text[offset..]);
            }

            Insert(_hashes[slot], slot);
        }

        if (offset != text.Length)
        {
            throw new SnapshotDataException($"{text.Length / 2} characters of text where the terms' lengths add up to {offset / 2}", "Text (field 6)");
        }
    }

    /// <summary>The fields of a term sketch in snapshots (docs/snapshots.md): the slots in use, one packed column per slot field; numbers are never reused.</summary>
    private enum Field
    {
        Capacity = 1,
        Used = 2,
        Hashes = 3,
        Lengths = 4,
        Kinds = 5,
        Text = 6,
        Counts = 7,
        Background = 8,
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(ulong hash, ReadOnlySpan<char> word, byte kind, int parity)
    {
        var position = (int)hash & _indexMask;
        while (true)
        {
            var entry = _index[position];
            if (entry == 0)
            {
                break;
            }

            if (_hashes[entry - 1] == hash)
            {
                _counts[((entry - 1) * 2) + parity]++;
                return;
            }

            position = (position + 1) & _indexMask;
        }

        int slot;
        float inherited = 0;
        if (_used < _capacity)
        {
            slot = _used++;
        }
        else
        {
            slot = (int)((hash >> 32) % (uint)_capacity);
            var best = slot;
            for (var probe = 1; probe < EvictionProbes; probe++)
            {
                var candidate = (slot + (probe * 7919)) % _capacity;
                if (Weight(candidate) < Weight(best))
                {
                    best = candidate;
                }
            }

            slot = best;
            inherited = _background[slot];
            Remove(_hashes[slot]);
        }

        _hashes[slot] = hash;
        _lengths[slot] = (byte)word.Length;
        word.CopyTo(_text.AsSpan(slot * MaxTermLength, MaxTermLength));
        _kinds[slot] = kind;
        _counts[slot * 2] = 0;
        _counts[(slot * 2) + 1] = 0;
        _counts[(slot * 2) + parity] = 1;
        _background[slot] = inherited;
        Insert(hash, slot);
    }

    private float Weight(int slot) => _background[slot] + _counts[slot * 2] + _counts[(slot * 2) + 1];

    private void Insert(ulong hash, int slot)
    {
        var position = (int)hash & _indexMask;
        while (_index[position] != 0)
        {
            position = (position + 1) & _indexMask;
        }

        _index[position] = slot + 1;
    }

    private void Remove(ulong hash)
    {
        var position = (int)hash & _indexMask;
        while (_hashes[_index[position] - 1] != hash)
        {
            position = (position + 1) & _indexMask;
        }

        // Backward-shift deletion keeps every probe sequence unbroken without tombstones.
        var hole = position;
        var next = (hole + 1) & _indexMask;
        while (_index[next] != 0)
        {
            var home = (int)_hashes[_index[next] - 1] & _indexMask;
            if (((next - home) & _indexMask) >= ((next - hole) & _indexMask))
            {
                _index[hole] = _index[next];
                hole = next;
            }

            next = (next + 1) & _indexMask;
        }

        _index[hole] = 0;
    }
}
