using System.Globalization;
using System.Numerics;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>
/// An exact fraction. Means and level thresholds are computed and compared with it, never with
/// binary floating point: a mean of exactly 3/2 is exactly at the level-2 threshold.
/// </summary>
public readonly record struct Rational : IComparable<Rational>
{
    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero) throw new DivideByZeroException();
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (gcd > BigInteger.One)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        Numerator = numerator;
        Denominator = denominator;
    }

    public static Rational Of(long n, long d = 1) => new(n, d);

    public static readonly Rational Zero = new(0, 1);

    public static Rational operator +(Rational a, Rational b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, long n) => new(a.Numerator, a.Denominator * n);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>The mean of some values; undefined (null) for none.</summary>
    public static Rational? Mean(IReadOnlyCollection<Rational> values) =>
        values.Count == 0 ? null : values.Aggregate(Zero, (s, v) => s + v) / values.Count;

    /// <summary>Rounded half away from zero to <paramref name="decimals"/> places — for display only.</summary>
    public decimal Round(int decimals = 2)
    {
        var scale = BigInteger.Pow(10, decimals);
        var scaled = Numerator * scale * 2;
        var twice = BigInteger.Divide(scaled, Denominator);
        var rounded = (twice + (twice.Sign >= 0 ? 1 : -1)) / 2;
        return (decimal)rounded / (decimal)scale;
    }

    /// <summary>"3/2", or "2" for whole numbers.</summary>
    public override string ToString() =>
        Denominator.IsOne ? Numerator.ToString(CultureInfo.InvariantCulture) : $"{Numerator}/{Denominator}";

    public static Rational Parse(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 1
            ? new Rational(BigInteger.Parse(parts[0], CultureInfo.InvariantCulture), 1)
            : new Rational(BigInteger.Parse(parts[0], CultureInfo.InvariantCulture), BigInteger.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
