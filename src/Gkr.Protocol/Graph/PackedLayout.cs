using System.Buffers.Binary;
using System.Collections.Immutable;
using Gkr.Field;

namespace Gkr.Protocol.Graph;

/// <summary>
/// Several polynomials packed into one table, so that one commitment (and one opening) serves them all:
/// largest first, so every polynomial of 2^k values starts at a multiple of 2^k and no space is wasted
/// between them; the table is padded with zeros to 2^<see cref="NumVariables"/>.
/// </summary>
/// <remarks>
/// With coordinate 0 the most significant bit, polynomial j of k_j variables at offset o_j is the
/// sub-cube whose first N − k_j coordinates are the bits of o_j / 2^(k_j), so a claim P̃_j(z) = v is the
/// claim T̃(bits(o_j / 2^(k_j)), z) = v on the packed table (<see cref="Lift"/>).
/// </remarks>
public sealed class PackedLayout
{
    /// <summary>The layout of polynomials with <paramref name="numVariables"/>[j] variables (ties keep their order).</summary>
    /// <exception cref="ArgumentException">No polynomials, or more than 2^24 values in all.</exception>
    public PackedLayout(IReadOnlyList<int> numVariables)
    {
        ArgumentNullException.ThrowIfNull(numVariables);
        if (numVariables.Count == 0)
        {
            throw new ArgumentException("A packed layout needs at least one polynomial.", nameof(numVariables));
        }

        var offsets = new long[numVariables.Count];
        long end = 0;
        foreach (int j in Enumerable.Range(0, numVariables.Count).OrderByDescending(j => numVariables[j]))
        {
            offsets[j] = end;
            end += 1L << numVariables[j];
        }

        if (end > 1L << Ntt.MaxLogSize)
        {
            throw new ArgumentException($"{end} values exceed a packed table's 2^{Ntt.MaxLogSize} (the commitment's limit).", nameof(numVariables));
        }

        Variables = [.. numVariables];
        Offsets = [.. offsets];
        NumVariables = Circuits.CircuitBuilder.VariablesFor((int)end);
    }

    /// <summary>Each polynomial's variable count.</summary>
    public ImmutableArray<int> Variables { get; }

    /// <summary>Each polynomial's offset in the packed table.</summary>
    public ImmutableArray<long> Offsets { get; }

    /// <summary>log2 of the packed table's size.</summary>
    public int NumVariables { get; }

    /// <summary>The packed table.</summary>
    /// <exception cref="ArgumentException">Wrong count or sizes.</exception>
    public Goldilocks[] Pack(IReadOnlyList<Goldilocks[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != Variables.Length)
        {
            throw new ArgumentException($"The layout packs {Variables.Length} polynomials; got {values.Count}.", nameof(values));
        }

        var table = new Goldilocks[1 << NumVariables];
        for (int j = 0; j < values.Count; j++)
        {
            if (values[j] is null || values[j].Length != 1 << Variables[j])
            {
                throw new ArgumentException($"Polynomial {j} has 2^{Variables[j]} values; got {values[j]?.Length}.", nameof(values));
            }

            values[j].CopyTo(table, Offsets[j]);
        }

        return table;
    }

    /// <summary>The point on the packed table of the claim P̃_j(<paramref name="point"/>).</summary>
    public ImmutableArray<GoldilocksExt2> Lift(int polynomial, ReadOnlySpan<GoldilocksExt2> point)
    {
        int k = Variables[polynomial], high = NumVariables - k;
        long index = Offsets[polynomial] >> k;
        var lifted = new GoldilocksExt2[NumVariables];
        for (int t = 0; t < high; t++)
        {
            lifted[t] = ((index >> (high - 1 - t)) & 1) == 0 ? GoldilocksExt2.Zero : GoldilocksExt2.One;
        }

        point.CopyTo(lifted.AsSpan(high));
        return [.. lifted];
    }

    /// <summary>Canonical bytes: u32 count, then each polynomial's u8 variables.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[4 + Variables.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)Variables.Length);
        for (int j = 0; j < Variables.Length; j++)
        {
            bytes[4 + j] = (byte)Variables[j];
        }

        return bytes;
    }
}
