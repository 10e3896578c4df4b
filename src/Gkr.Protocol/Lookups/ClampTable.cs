using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Lookups;

/// <summary>
/// The two-column relation (x, clamp(x, Low, High)) for x in [InputLow, InputLow + 2^Bits), signed values
/// mapped to the field as p + v: ReLU is clamp(x, 0, High), a saturating requantization clamp(x, −128, 127).
/// </summary>
/// <remarks>
/// The verifier evaluates column 0 (x = InputLow + t) in O(log |T|) and column 1 in O(|T|) (it builds the
/// column and folds it at the point: the clamp's extension has no short closed form).
/// </remarks>
public sealed class ClampTable : LookupTable
{
    /// <summary>The registered tag.</summary>
    public const byte Tag = 2;

    /// <summary>The relation for inputs [<paramref name="inputLow"/>, <paramref name="inputLow"/> + 2^<paramref name="bits"/>) clamped to [<paramref name="low"/>, <paramref name="high"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bits out of range, low &gt; high, or bounds beyond ±2^40.</exception>
    public ClampTable(long inputLow, int bits, long low, long high)
        : base(bits, 2)
    {
        const long limit = 1L << 40;
        static bool Within(long v) => v >= -limit && v <= limit; // not Math.Abs: it overflows on long.MinValue
        if (low > high || !Within(inputLow) || !Within(low) || !Within(high))
        {
            throw new ArgumentOutOfRangeException(nameof(low), $"Clamp bounds must satisfy low ≤ high and lie within ±2^40; got input low {inputLow}, [{low}, {high}].");
        }

        InputLow = inputLow;
        Low = low;
        High = high;
    }

    /// <summary>The smallest input.</summary>
    public long InputLow { get; }

    /// <summary>The clamp's lower bound.</summary>
    public long Low { get; }

    /// <summary>The clamp's upper bound.</summary>
    public long High { get; }

    /// <summary>log2 of the number of inputs.</summary>
    public int Bits => NumVariables;

    /// <inheritdoc />
    public override byte KindTag => Tag;

    /// <inheritdoc />
    public override string VerifierCost => "O(|T|)";

    /// <summary>clamp(x) on integers.</summary>
    public long Apply(long x) => Math.Clamp(x, Low, High);

    /// <inheritdoc />
    public override Goldilocks Row(int column, int index)
    {
        long x = InputLow + index;
        return Goldilocks.FromInt64(column == 0 ? x : Apply(x));
    }

    /// <inheritdoc />
    public override bool TryIndexOf(Goldilocks x, Goldilocks y, out int index)
    {
        long signed = x.ToInt64();
        long offset = signed - InputLow;
        index = offset >= 0 && offset < (1L << Bits) && Goldilocks.FromInt64(Apply(signed)) == y ? (int)offset : -1;
        return index >= 0;
    }

    /// <inheritdoc />
    public override GoldilocksExt2 Evaluate(int column, ReadOnlySpan<GoldilocksExt2> point)
    {
        if (column == 0)
        {
            return IndexExtension(point) + GoldilocksExt2.FromBase(Goldilocks.FromInt64(InputLow));
        }

        var values = new Goldilocks[1 << Bits];
        for (int t = 0; t < values.Length; t++)
        {
            values[t] = Row(1, t);
        }

        return Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(values, point);
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Byte((byte)Bits);
        writer.UInt64((ulong)InputLow);
        writer.UInt64((ulong)Low);
        writer.UInt64((ulong)High);
    }

    /// <inheritdoc />
    public override string ToString() => $"clamp to [{Low}, {High}] on [{InputLow}, {InputLow} + 2^{Bits})";
}
