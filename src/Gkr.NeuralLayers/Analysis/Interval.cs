namespace Gkr.NeuralLayers.Analysis;

/// <summary>A closed integer interval [<see cref="Min"/>, <see cref="Max"/>], held in Int128 so that bounding a model never overflows itself.</summary>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public readonly record struct Interval(Int128 Min, Int128 Max)
{
    /// <summary>The interval holding only <paramref name="value"/>.</summary>
    public static Interval Point(Int128 value) => new(value, value);

    /// <summary>The largest |v| over the interval.</summary>
    public Int128 MaxAbs => Int128.Max(Int128.Abs(Min), Int128.Abs(Max));

    /// <summary>The bits b of the largest magnitude: the least b with |v| &lt; 2^b for every v (0 for [0, 0]).</summary>
    public int MagnitudeBits => 128 - (int)Int128.LeadingZeroCount(MaxAbs);

    /// <summary>Whether <paramref name="value"/> lies inside.</summary>
    public bool Contains(Int128 value) => value >= Min && value <= Max;

    /// <summary>{a + b}.</summary>
    public static Interval operator +(Interval a, Interval b) => new(a.Min + b.Min, a.Max + b.Max);

    /// <summary>{a + k}.</summary>
    public static Interval operator +(Interval a, Int128 k) => new(a.Min + k, a.Max + k);

    /// <summary>{a − k}.</summary>
    public static Interval operator -(Interval a, Int128 k) => new(a.Min - k, a.Max - k);

    /// <summary>{k·a} (the ends swap for a negative k).</summary>
    public static Interval operator *(Interval a, Int128 k) => k >= 0 ? new(a.Min * k, a.Max * k) : new(a.Max * k, a.Min * k);

    /// <summary>The smallest interval holding both.</summary>
    public Interval Union(Interval other) => new(Int128.Min(Min, other.Min), Int128.Max(Max, other.Max));

    /// <summary>{max(a, b)}: the bound of a maximum.</summary>
    public Interval MaxWith(Interval other) => new(Int128.Max(Min, other.Min), Int128.Max(Max, other.Max));

    /// <summary>The union of every interval of a non-empty list.</summary>
    public static Interval UnionOf(ReadOnlySpan<Interval> intervals)
    {
        Interval all = intervals[0];
        foreach (Interval i in intervals[1..])
        {
            all = all.Union(i);
        }

        return all;
    }

    /// <summary>For messages, e.g. <c>[-128, 127]</c>.</summary>
    public override string ToString() => $"[{Min}, {Max}]";
}
