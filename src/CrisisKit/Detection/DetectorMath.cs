using System.Globalization;

namespace CrisisKit.Detection;

/// <summary>Small numeric helpers shared by the detectors.</summary>
internal static class DetectorMath
{
    /// <summary>The median of <paramref name="values"/> (the mean of the two middle values for an even count), sorting them in place; not empty.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        values.Sort();
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    public static double Clamp01(double value) => value <= 0 || double.IsNaN(value) ? 0 : value >= 1 ? 1 : value;

    /// <summary>Maps an evidence measure (a z-score, say) to [0, 1): 0 up to <paramref name="from"/>, 1 − e^(−(x − from)/scale) above.</summary>
    public static double Saturate(double value, double from, double scale) => value <= from ? 0 : 1 - Math.Exp(-(value - from) / scale);

    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Number(double value) => value.ToString(value >= 100 || value == Math.Floor(value) ? "#,0" : "0.#", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset start) => start.ToString("ddd HH:mm", CultureInfo.InvariantCulture);
}
