using System.Numerics;
using System.Runtime.CompilerServices;

namespace CrisisKit.Text;

/// <summary>
/// The hash of folded terms shared by the matcher and the lexicons: a cheap rolling step per character (a rotate
/// and an xor, so loops are not bound by multiply latency) and a 64-bit finaliser per term. Equal hashes are always
/// confirmed by comparing the text.
/// </summary>
internal static class TermHash
{
    public const ulong Seed = 0x9E3779B97F4A7C15UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Step(ulong hash, char c) => BitOperations.RotateLeft(hash, 7) ^ c;

    /// <summary>Mixes a rolling hash into a term hash; <paramref name="kind"/> separates kinds of term with equal text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Finish(ulong hash, byte kind = 0)
    {
        hash ^= (ulong)kind << 61;
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CEB9FE1A85EC53UL;
        return hash ^ (hash >> 33);
    }

    /// <summary>The term hash of <paramref name="head"/> followed by <paramref name="tail"/>, without joining them.</summary>
    public static ulong Of(ReadOnlySpan<char> head, ReadOnlySpan<char> tail)
    {
        var hash = Seed;
        foreach (var c in head)
        {
            hash = Step(hash, c);
        }

        foreach (var c in tail)
        {
            hash = Step(hash, c);
        }

        return Finish(hash);
    }

    /// <summary>The term hash of <paramref name="folded"/>.</summary>
    public static ulong Of(ReadOnlySpan<char> folded, byte kind = 0)
    {
        var hash = Seed;
        foreach (var c in folded)
        {
            hash = Step(hash, c);
        }

        return Finish(hash, kind);
    }
}
