using System.Collections.Frozen;
using CrisisKit.Text;

namespace CrisisKit.Aggregation;

/// <summary>
/// Function words of English and Greek (folded: lower case, no tonos) that say nothing about a topic, left out of
/// the emerging-topic sketch along with link fragments. Only words of three letters or more are listed because
/// shorter ones are never counted.
/// </summary>
internal static class StopWords
{
    private const string English =
        "the and for are but not you all any can had her was one our out has him his how its may new now old see two way who did get got let say she too use " +
        "this that with have from they will would there their what about which when your just been were more some them than then into only also very even " +
        "because does like here still really over after before again being these those where while could should other such much many most make made " +
        "don isn doesn didn won wasn aren couldn shouldn wouldn haven hasn weren ain can't i'm it's you're amp http https www com " +
        "yes yeah lol today tomorrow yesterday know think want need going gonna via who's what's let's thats thing things time day";

    private const string Greek =
        "και του της των τον την στο στη στην στον στα στις στους για απο με σε που πως οτι δεν μην θα να ειναι ηταν εχει εχουν εχω " +
        "αυτο αυτη αυτος αυτα αυτοι ενα μια ενας τους τις τα οι αλλα οταν πολυ μας σας μου σου κι ουτε ολα ολοι ολες εδω εκει τωρα μονο " +
        "ακομα πιο κατι καθε γιατι ετσι μετα πριν χωρις σαν ως ειμαι εισαι ειστε ειμαστε θελω ξερω κανει κανω ηδη παλι λιγο σημερα αυριο χθες";

    /// <summary>The term hashes (plain word kind) of every stop word, built once and shared by every term sketch.</summary>
    public static FrozenSet<ulong> Hashes { get; } = (English + " " + Greek).Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .SelectMany(w => TextFolding.FoldString(w).Split('\''))
        .Select(w => TermHash.Of(w))
        .ToFrozenSet();
}
