using Gkr.Field;
using Gkr.Protocol.Circuits;

namespace Gkr.Protocol.Lookups;

/// <summary>The range [0, 2^Bits) as a one-column table: T_t = t. The verifier evaluates T̃(r) = Σ_j 2^(n−1−j)·r_j in O(log |T|).</summary>
public sealed class RangeTable : LookupTable
{
    /// <summary>The registered tag.</summary>
    public const byte Tag = 1;

    /// <summary>The range [0, 2^<paramref name="bits"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Bits outside 0..<see cref="LookupTable.MaxVariables"/>.</exception>
    public RangeTable(int bits)
        : base(bits, 1)
    {
    }

    /// <summary>log2 of the range's size.</summary>
    public int Bits => NumVariables;

    /// <inheritdoc />
    public override byte KindTag => Tag;

    /// <inheritdoc />
    public override string VerifierCost => "O(log |T|)";

    /// <inheritdoc />
    public override Goldilocks Row(int column, int index) => Goldilocks.FromUInt64((ulong)index);

    /// <inheritdoc />
    public override bool TryIndexOf(Goldilocks x, Goldilocks y, out int index)
    {
        ulong value = x.Value;
        index = value < (1UL << Bits) ? (int)value : -1;
        return index >= 0;
    }

    /// <inheritdoc />
    public override GoldilocksExt2 Evaluate(int column, ReadOnlySpan<GoldilocksExt2> point) => IndexExtension(point);

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Byte((byte)Bits);
    }

    /// <inheritdoc />
    public override string ToString() => $"range [0, 2^{Bits})";
}
