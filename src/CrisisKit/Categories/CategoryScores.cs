namespace CrisisKit.Categories;

/// <summary>
/// How strongly a text signals each <see cref="CrisisCategory"/>: a confidence from 0 (no cue) to 1 per category.
/// A value type, so categorizing allocates nothing.
/// </summary>
public readonly struct CategoryScores : IEquatable<CategoryScores>
{
    private readonly float _productSafety;
    private readonly float _customerService;
    private readonly float _dataBreach;
    private readonly float _offensiveContent;
    private readonly float _misconduct;
    private readonly float _legalRegulatory;
    private readonly float _misinformation;
    private readonly float _pricingBilling;
    private readonly float _outage;

    internal CategoryScores(ReadOnlySpan<float> confidences)
    {
        _productSafety = confidences[0];
        _customerService = confidences[1];
        _dataBreach = confidences[2];
        _offensiveContent = confidences[3];
        _misconduct = confidences[4];
        _legalRegulatory = confidences[5];
        _misinformation = confidences[6];
        _pricingBilling = confidences[7];
        _outage = confidences[8];
    }

    /// <summary>The confidence, from 0 to 1, that the text signals <paramref name="category"/>.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The confidence.</returns>
    public double this[CrisisCategory category] => category switch
    {
        CrisisCategory.ProductSafety => _productSafety,
        CrisisCategory.CustomerService => _customerService,
        CrisisCategory.DataBreach => _dataBreach,
        CrisisCategory.OffensiveContent => _offensiveContent,
        CrisisCategory.Misconduct => _misconduct,
        CrisisCategory.LegalRegulatory => _legalRegulatory,
        CrisisCategory.Misinformation => _misinformation,
        CrisisCategory.PricingBilling => _pricingBilling,
        CrisisCategory.Outage => _outage,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "Not a CrisisCategory value."),
    };

    /// <summary>The category with the highest confidence, or <see langword="null"/> when no category has any cue.</summary>
    public CrisisCategory? Primary
    {
        get
        {
            CrisisCategory? best = null;
            var bestConfidence = 0.0;

            // By index, not foreach: enumerating the list through its interface would allocate on a hot path.
            var all = CrisisCategories.All;
            for (var i = 0; i < all.Count; i++)
            {
                var category = all[i];
                if (this[category] > bestConfidence)
                {
                    best = category;
                    bestConfidence = this[category];
                }
            }

            return best;
        }
    }

    /// <summary>The categories whose confidence is at least <paramref name="minimumConfidence"/>, most confident first.</summary>
    /// <param name="minimumConfidence">The threshold, from 0 (exclusive) to 1.</param>
    /// <returns>The categories and their confidences.</returns>
    public IReadOnlyList<KeyValuePair<CrisisCategory, double>> Above(double minimumConfidence)
    {
        var self = this;
        return [.. CrisisCategories.All.Where(c => self[c] > 0 && self[c] >= minimumConfidence).OrderByDescending(c => self[c]).Select(c => new KeyValuePair<CrisisCategory, double>(c, self[c]))];
    }

    /// <inheritdoc />
    public bool Equals(CategoryScores other)
    {
        foreach (var category in CrisisCategories.All)
        {
            if (this[category] != other[category])
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CategoryScores other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HashCode.Combine(_productSafety, _customerService, _dataBreach, _offensiveContent), HashCode.Combine(_misconduct, _legalRegulatory, _misinformation, _pricingBilling, _outage));

    /// <inheritdoc />
    public override string ToString()
    {
        var above = Above(0.01);
        return above.Count == 0 ? "(none)" : string.Join(", ", above.Select(p => $"{p.Key.ToId()} {p.Value:0.00}"));
    }

    /// <summary>Whether two score sets are equal.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns><see langword="true"/> when every confidence is equal.</returns>
    public static bool operator ==(CategoryScores left, CategoryScores right) => left.Equals(right);

    /// <summary>Whether two score sets differ.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns><see langword="true"/> when some confidence differs.</returns>
    public static bool operator !=(CategoryScores left, CategoryScores right) => !left.Equals(right);
}
