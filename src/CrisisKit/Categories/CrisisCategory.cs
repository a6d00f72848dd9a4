namespace CrisisKit.Categories;

/// <summary>The kinds of crisis a mention can signal; they drive severity floors and which response protocol runs.</summary>
public enum CrisisCategory
{
    /// <summary>A product defect or safety issue: fire, injury, contamination, recall.</summary>
    ProductSafety = 0,

    /// <summary>A customer-service failure: rudeness, hours on hold, ignored complaints.</summary>
    CustomerService = 1,

    /// <summary>A data breach or security incident: hacked accounts, leaked personal data.</summary>
    DataBreach = 2,

    /// <summary>Offensive content or an advertisement backlash: offensive, insensitive or tone-deaf messaging, boycotts.</summary>
    OffensiveContent = 3,

    /// <summary>Executive or employee misconduct: harassment, fraud, discrimination by staff.</summary>
    Misconduct = 4,

    /// <summary>A legal or regulatory matter: lawsuits, fines, investigations.</summary>
    LegalRegulatory = 5,

    /// <summary>Misinformation or a hoax about the brand, or a scam impersonating it.</summary>
    Misinformation = 6,

    /// <summary>A pricing or billing problem: overcharging, hidden fees, refused refunds.</summary>
    PricingBilling = 7,

    /// <summary>A service outage: the service, app or site is down.</summary>
    Outage = 8,
}

/// <summary>Names of <see cref="CrisisCategory"/> values as lexicon files and reports write them (<c>product-safety</c>, ...).</summary>
public static class CrisisCategories
{
    private static readonly string[] Ids =
    [
        "product-safety", "customer-service", "data-breach", "offensive-content", "misconduct", "legal-regulatory",
        "misinformation", "pricing-billing", "outage",
    ];

    /// <summary>Every category, in declaration order.</summary>
    public static IReadOnlyList<CrisisCategory> All { get; } = Enum.GetValues<CrisisCategory>();

    /// <summary>The category's id, for example <c>product-safety</c>.</summary>
    /// <param name="category">The category.</param>
    /// <returns>Its id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="category"/> is not a defined value.</exception>
    public static string ToId(this CrisisCategory category) =>
        (uint)category < (uint)Ids.Length ? Ids[(int)category] : throw new ArgumentOutOfRangeException(nameof(category), category, "Not a CrisisCategory value.");

    /// <summary>Finds a category by id (case-insensitive).</summary>
    /// <param name="id">The id, for example <c>data-breach</c>.</param>
    /// <param name="category">The category found.</param>
    /// <returns>Whether the id names a category.</returns>
    public static bool TryParse(string? id, out CrisisCategory category)
    {
        var index = Array.FindIndex(Ids, i => string.Equals(i, id?.Trim(), StringComparison.OrdinalIgnoreCase));
        category = (CrisisCategory)Math.Max(index, 0);
        return index >= 0;
    }
}
