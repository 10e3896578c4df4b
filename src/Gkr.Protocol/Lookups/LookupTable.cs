using Gkr.Field;
using Gkr.Protocol.Circuits;

namespace Gkr.Protocol.Lookups;

/// <summary>
/// A table T of 2^<see cref="NumVariables"/> distinct rows with one or two columns, given by a formula that
/// both sides know: the prover counts multiplicities with <see cref="TryIndexOf"/>, the verifier evaluates
/// the columns' multilinear extensions itself with <see cref="Evaluate"/>.
/// </summary>
/// <remarks>
/// <para>Rows must be distinct: LogUp's identity Σ_t m_t/(α − T_t) = Σ_i 1/(α − a_i) then holds as rational
/// functions exactly when every a_i is a row and m_t counts it (below the characteristic).</para>
/// <para>A table kind is registered in <see cref="LookupTableKinds"/> (tag and decoder), so circuits that use
/// it can be written and read; its <see cref="WriteDescription"/> bytes enter the circuit digest.</para>
/// </remarks>
public abstract class LookupTable
{
    /// <summary>Largest table: 2^24 rows.</summary>
    public const int MaxVariables = 24;

    /// <summary>A table of 2^<paramref name="numVariables"/> rows and <paramref name="columns"/> columns.</summary>
    protected LookupTable(int numVariables, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numVariables);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numVariables, MaxVariables);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, 2);
        NumVariables = numVariables;
        Columns = columns;
    }

    /// <summary>log2 of the row count.</summary>
    public int NumVariables { get; }

    /// <summary>1 (a set, e.g. a range) or 2 (a relation (x, f(x))).</summary>
    public int Columns { get; }

    /// <summary>The kind's registered tag.</summary>
    public abstract byte KindTag { get; }

    /// <summary>How the verifier's evaluation scales, for documentation and <c>inspect</c> ("O(log |T|)" or "O(|T|)").</summary>
    public abstract string VerifierCost { get; }

    /// <summary>Row <paramref name="index"/> of column <paramref name="column"/>.</summary>
    public abstract Goldilocks Row(int column, int index);

    /// <summary>The index of the row (x, y) (y ignored for one column), or false when it is not a row.</summary>
    public abstract bool TryIndexOf(Goldilocks x, Goldilocks y, out int index);

    /// <summary>The multilinear extension of column <paramref name="column"/> at <paramref name="point"/> (n coordinates).</summary>
    public abstract GoldilocksExt2 Evaluate(int column, ReadOnlySpan<GoldilocksExt2> point);

    /// <summary>Writes the kind-specific parameters (after the tag, which the circuit writes).</summary>
    public abstract void WriteDescription(CircuitDescriptionWriter writer);

    /// <summary>A short description for reports, e.g. "range [0, 2^8)".</summary>
    public abstract override string ToString();

    /// <summary>Σ_j 2^(n−1−j)·r_j: the extension of the index column 0, 1, …, 2^n − 1 (coordinate 0 is the high bit); O(n).</summary>
    protected static GoldilocksExt2 IndexExtension(ReadOnlySpan<GoldilocksExt2> point)
    {
        GoldilocksExt2 sum = GoldilocksExt2.Zero;
        foreach (GoldilocksExt2 coordinate in point)
        {
            sum = sum + sum + coordinate;
        }

        return sum;
    }
}
