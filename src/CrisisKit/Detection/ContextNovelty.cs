using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CrisisKit.Snapshots;

namespace CrisisKit.Detection;

/// <summary>
/// How new the shape of a measured series' latest values is: the measurement model's second opinion, for anomalies that
/// are a new pattern (a flat line where the series always moved, a rhythm broken, a level it has visited but never in
/// this order) rather than a departure larger than the series' recent record.
/// </summary>
/// <remarks>
/// <para>
/// The first <see cref="WarmUp"/> values only teach the range: two grids are cut at the <see cref="Bins"/>-quantiles of
/// those values between their 2nd and 98th percentiles (the second grid half a bin shifted against the
/// first, so that a value near an edge is judged twice), and values beyond that range fall in bins of their own, one
/// bin wide just outside it and doubling in width further out, so a new extreme is a new bin without the range having
/// known the series' minimum and maximum in advance. Then every value (the warm-up's first, replayed) extends each
/// grid's contexts: for each order k from 0 to <see cref="Orders"/>, the last k bins, how often that context was seen
/// and which bins followed it.
/// </para>
/// <para>
/// A value's raw novelty is, averaged over the orders whose context was seen before, the confidence of each context
/// that its successor was not this bin: 0 for a familiar transition, n / (n + d) for a new one after a context seen n
/// times with d different successors (a context that always led to the same place is sure; one that led to many
/// places is not). That raw novelty is then judged against the series' own history of it: the score is how rare a
/// novelty this large has been (−log10 of (1 + the earlier values with at least as much) / (1 + all earlier values),
/// divided by <see cref="RarityScale"/>), capped by the raw novelty itself, so neither a noisy series' constant small novelties
/// nor one lucky rarity raise it alone. A score counts only when it exceeds the highest score of the recent past, a
/// level that fades by a thousandth per value: one alarm per new pattern, and not a fixed number of quiet values after it.
/// </para>
/// <para>
/// State grows with the distinct transitions seen, which the bins bound (a few thousand on NAB's corpus); once
/// a grid holds <see cref="MaxTransitions"/>, it stops learning (new transitions and its contexts' counts alike) and
/// goes on scoring with what it knows.
/// </para>
/// </remarks>
internal sealed class ContextNovelty : ISnapshotState
{
    /// <summary>Values that only teach the range before any is scored.</summary>
    public const int WarmUp = 600;

    /// <summary>Bins per grid inside the warm-up's range.</summary>
    public const int Bins = 8;

    /// <summary>The longest context, in values before the one judged.</summary>
    public const int Orders = 3;

    /// <summary>The most transitions a grid learns.</summary>
    public const int MaxTransitions = 1 << 16;

    /// <summary>The share of warm-up values below the range (and above it), so that the warm-up's own outliers do not set it.</summary>
    private const double RangeQuantile = 0.02;

    /// <summary>The rarity (−log10 of a share) that scores 1.</summary>
    private const double RarityScale = 4;

    /// <summary>How much of the highest recent score remains after each value.</summary>
    private const double RefractoryDecay = 0.999;

    /// <summary>Raw novelties are counted in hundredths.</summary>
    private const int Levels = 101;

    private readonly long[] _levels = new long[Levels];
    private double[]? _warm = new double[WarmUp];
    private int _warmCount;
    private Grid? _plain;
    private Grid? _shifted;
    private long _judged;
    private double _recent;

    /// <summary>Scores <paramref name="value"/> from 0 to 1 against the values before it, and learns from it. Non-finite values are ignored (0).</summary>
    public double Next(double value)
    {
        if (!double.IsFinite(value))
        {
            return 0;
        }

        if (_plain is null || _shifted is null)
        {
            _warm![_warmCount++] = value;
            if (_warmCount == WarmUp)
            {
                var sorted = _warm.ToArray();
                Array.Sort(sorted);
                _plain = Grid.Cut(sorted, shifted: false);
                _shifted = Grid.Cut(sorted, shifted: true);
                foreach (var warm in _warm)
                {
                    _plain.Learn(warm);
                    _shifted.Learn(warm);
                }

                _warm = null;
                _warmCount = 0;
            }

            return 0;
        }

        var raw = (_plain.Learn(value) + _shifted.Learn(value)) / 2;
        var level = Math.Min((int)((raw * 100) + 1e-9), Levels - 1);
        long atLeast = 0;
        for (var l = level; l < Levels; l++)
        {
            atLeast += _levels[l];
        }

        var rarity = -Math.Log10((1.0 + atLeast) / (1.0 + _judged)) / RarityScale;
        var score = Math.Min(1, Math.Min(rarity, raw));
        _levels[level]++;
        _judged++;
        var counted = score > _recent ? score : 0;
        _recent = Math.Max(score, _recent * RefractoryDecay);
        return counted;
    }

    void ISnapshotState.Write(SnapshotWriter writer)
    {
        if (_plain is null || _shifted is null)
        {
            writer.WriteDoubles(Field.WarmUp, _warm.AsSpan(0, _warmCount));
            return;
        }

        writer.WriteMessage(Field.Plain, _plain);
        writer.WriteMessage(Field.Shifted, _shifted);
        writer.WriteUInt64s(Field.Levels, MemoryMarshal.Cast<long, ulong>(_levels));
        writer.WriteInt64(Field.Judged, _judged);
        writer.WriteDouble(Field.Recent, _recent);
    }

    void ISnapshotState.Read(ref SnapshotReader reader)
    {
        while (reader.Next(out Field field))
        {
            switch (field)
            {
                case Field.WarmUp:
                    var values = reader.ReadDoubleArray(WarmUp - 1);
                    if (values.Any(v => !double.IsFinite(v)))
                    {
                        throw reader.Corrupt("a warm-up value that is not a finite number");
                    }

                    _warm ??= new double[WarmUp];
                    values.CopyTo(_warm, 0);
                    _warmCount = values.Length;
                    break;
                case Field.Plain:
                    _plain = new Grid();
                    reader.ReadMessage(_plain);
                    break;
                case Field.Shifted:
                    _shifted = new Grid();
                    reader.ReadMessage(_shifted);
                    break;
                case Field.Levels:
                    reader.ReadUInt64s(MemoryMarshal.Cast<long, ulong>(_levels.AsSpan()));
                    break;
                case Field.Judged:
                    _judged = reader.ReadInt64() is >= 0 and var judged ? judged : throw reader.Corrupt("a negative count");
                    break;
                case Field.Recent:
                    _recent = reader.ReadDouble() is >= 0 and <= 1 and var recent ? recent : throw reader.Corrupt("a score outside 0 to 1");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if ((_plain is null) != (_shifted is null))
        {
            throw reader.Corrupt("one of the two grids without the other");
        }

        Int128 counted = 0;
        foreach (var count in _levels)
        {
            counted += count is >= 0 && count <= _judged ? count : throw reader.Corrupt($"a count of raw novelties ({count}) outside 0 to the values judged ({_judged})");
        }

        if (counted != _judged)
        {
            throw reader.Corrupt($"{counted} raw novelties counted for {_judged} values judged");
        }

        if (_plain is not null)
        {
            _warm = null;
            _warmCount = 0;
        }
    }

    /// <summary>The fields of this state in snapshots (docs/snapshots.md); numbers are never reused.</summary>
    private enum Field
    {
        WarmUp = 1,
        Plain = 2,
        Shifted = 3,
        Levels = 4,
        Judged = 5,
        Recent = 6,
    }

    /// <summary>One cut of the range into bins, and the contexts of the bins seen.</summary>
    private sealed class Grid : ISnapshotState
    {
        // A bin is kept in 12 bits (−2047 to 2047): beyond that a value is 2^2000 bin widths out, where doubles end.
        private const int BinBits = 12;
        private const int BinOffset = 1 << (BinBits - 1);

        private readonly Dictionary<ulong, ContextCounts> _contexts = [];
        private readonly HashSet<ulong> _transitions = [];
        private readonly int[] _history = new int[Orders];
        private double[] _edges = [];
        private double _low;
        private double _high;
        private double _width;
        private int _historyCount;

        /// <summary>Cuts the range of <paramref name="sorted"/> (the warm-up values, in order).</summary>
        public static Grid Cut(ReadOnlySpan<double> sorted, bool shifted)
        {
            var low = Quantile(sorted, RangeQuantile);
            var high = Quantile(sorted, 1 - RangeQuantile);
            if (high <= low)
            {
                (low, high) = (sorted[0], sorted[^1]);
            }

            if (high <= low)
            {
                var margin = Math.Max(Math.Abs(sorted[0]) * 1e-3, 1e-9);
                (low, high) = (Math.Max(sorted[0] - margin, -double.MaxValue), Math.Min(sorted[0] + margin, double.MaxValue));
            }

            var edges = new SortedSet<double>();
            for (var j = shifted ? 0 : 1; j < Bins; j++)
            {
                var edge = Quantile(sorted, (j + (shifted ? 0.5 : 0)) / Bins);
                if (edge > low && edge < high)
                {
                    edges.Add(edge);
                }
            }

            return new Grid { _low = low, _high = high, _width = Width(low, high), _edges = [.. edges] };
        }

        /// <summary>The raw novelty of <paramref name="value"/> on this grid (0 to 1), learning the transitions it makes.</summary>
        public double Learn(double value)
        {
            var bin = Bin(value);
            var total = 0.0;
            var judged = 0;
            var learning = _transitions.Count < MaxTransitions;
            for (var k = 0; k <= _historyCount; k++)
            {
                var context = Context(k);
                var transition = (context << BinBits) | Code(bin);

                // One lookup each: while learning, the transition is added and the context's entry made as they are judged.
                var isNew = learning ? _transitions.Add(transition) : !_transitions.Contains(transition);
                ref var counts = ref learning
                    ? ref CollectionsMarshal.GetValueRefOrAddDefault(_contexts, context, out _)
                    : ref CollectionsMarshal.GetValueRefOrNullRef(_contexts, context);
                var seen = Unsafe.IsNullRef(ref counts) ? 0 : counts.Seen;
                if (seen > 0)
                {
                    judged++;
                    if (isNew)
                    {
                        total += seen / (double)(seen + counts.Successors);
                    }
                }

                if (learning)
                {
                    if (isNew)
                    {
                        counts.Successors++;
                    }

                    counts.Seen++;
                }
            }

            if (_historyCount < Orders)
            {
                _historyCount++;
            }

            // Newest first.
            for (var i = Orders - 1; i > 0; i--)
            {
                _history[i] = _history[i - 1];
            }

            _history[0] = bin;
            return judged == 0 ? 0 : total / judged;
        }

        private int Bin(double value)
        {
            if (value < _low)
            {
                return -1 - (int)Math.Min(BinOffset - 2, Math.Floor(Math.Log2(1 + ((_low - value) / _width))));
            }

            if (value > _high)
            {
                return _edges.Length + 1 + (int)Math.Min(BinOffset - 2 - Bins, Math.Floor(Math.Log2(1 + ((value - _high) / _width))));
            }

            var inside = 0;
            while (inside < _edges.Length && _edges[inside] <= value)
            {
                inside++;
            }

            return inside;
        }

        private static ulong Code(int bin) => (ulong)(bin + BinOffset);

        // The order in the top bits, then the last k bins, newest first.
        private ulong Context(int k)
        {
            var key = (ulong)k;
            for (var i = 0; i < k; i++)
            {
                key = (key << BinBits) | Code(_history[i]);
            }

            return key;
        }

        /// <summary>The value below which a share <paramref name="q"/> of <paramref name="sorted"/> lies, interpolated linearly.</summary>
        private static double Quantile(ReadOnlySpan<double> sorted, double q)
        {
            var at = q * (sorted.Length - 1);
            var below = (int)at;
            var above = Math.Min(below + 1, sorted.Length - 1);
            var value = sorted[below] + ((sorted[above] - sorted[below]) * (at - below));

            // Neighbours near both ends of the doubles overflow the difference; weighing each does not.
            return double.IsFinite(value) ? value : (sorted[below] * (1 - (at - below))) + (sorted[above] * (at - below));
        }

        /// <summary>A bin's width: an eighth of the range, without the range itself overflowing (−1e308 to 1e308).</summary>
        private static double Width(double low, double high) => (high - low) / Bins is var width && double.IsFinite(width) ? width : (high / Bins) - (low / Bins);

        public void Write(SnapshotWriter writer)
        {
            writer.WriteDouble(GridField.Low, _low);
            writer.WriteDouble(GridField.High, _high);
            writer.WriteDoubles(GridField.Edges, _edges);
            writer.WriteInt32s(GridField.History, _history.AsSpan(0, _historyCount));

            // Sorted, so that the same state is written as the same bytes whatever the order the tables hold it in.
            var contexts = _contexts.Keys.Order().ToArray();
            writer.WriteUInt64s(GridField.Contexts, contexts);
            writer.WriteInt32s(GridField.ContextCounts, [.. contexts.Select(c => _contexts[c].Seen)]);
            writer.WriteUInt64s(GridField.Transitions, [.. _transitions.Order()]);
        }

        public void Read(ref SnapshotReader reader)
        {
            ulong[] contexts = [];
            ulong[] transitions = [];
            int[] counts = [];
            var sawRange = 0;
            while (reader.Next(out GridField field))
            {
                switch (field)
                {
                    case GridField.Low:
                        _low = reader.ReadDouble();
                        sawRange++;
                        break;
                    case GridField.High:
                        _high = reader.ReadDouble();
                        sawRange++;
                        break;
                    case GridField.Edges:
                        _edges = reader.ReadDoubleArray(Bins);
                        break;
                    case GridField.History:
                        var history = reader.ReadInt32Array();
                        if (history.Length > Orders || history.Any(b => Math.Abs(b) >= BinOffset))
                        {
                            throw reader.Corrupt($"a history of {history.Length} bins where at most {Orders}, each within ±{BinOffset - 1}, are kept");
                        }

                        history.CopyTo(_history, 0);
                        _historyCount = history.Length;
                        break;
                    case GridField.Contexts:
                        contexts = reader.ReadUInt64Array();
                        break;
                    case GridField.ContextCounts:
                        counts = reader.ReadInt32Array();
                        break;
                    case GridField.Transitions:
                        transitions = reader.ReadUInt64Array();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (sawRange != 2 || !double.IsFinite(_low) || !double.IsFinite(_high) || _high <= _low)
            {
                throw reader.Corrupt($"a grid without a valid range ({_low} to {_high})");
            }

            if (contexts.Length != counts.Length || counts.Any(c => c <= 0))
            {
                throw reader.Corrupt($"{contexts.Length} contexts with {counts.Length} counts, each of which must be positive");
            }

            if (_edges.Any(e => !double.IsFinite(e)))
            {
                throw reader.Corrupt("a bin edge that is not a finite number");
            }

            _width = Width(_low, _high);
            for (var i = 0; i < contexts.Length; i++)
            {
                _contexts[contexts[i]] = new ContextCounts { Seen = counts[i] };
            }

            // A context's number of successors is not stored: it is the number of its transitions.
            foreach (var transition in transitions)
            {
                ref var counted = ref CollectionsMarshal.GetValueRefOrNullRef(_contexts, transition >> BinBits);
                if (Unsafe.IsNullRef(ref counted))
                {
                    throw reader.Corrupt($"a transition ({transition}) after a context that was never seen");
                }

                if (_transitions.Add(transition))
                {
                    counted.Successors++;
                }
            }
        }

        /// <summary>How often a context was seen, and how many different bins followed it.</summary>
        private struct ContextCounts
        {
            public int Seen;
            public int Successors;
        }

        private enum GridField
        {
            Low = 1,
            High = 2,
            Edges = 3,
            History = 4,
            Contexts = 5,
            ContextCounts = 6,
            Transitions = 7,
        }
    }
}
