using System.Collections.Immutable;
using System.Numerics;
using Gkr.Field;
using Gkr.Protocol.Circuits;

namespace Gkr.Protocol.Gkr;

/// <summary>The soundness error of a GKR proof for a given circuit, and its size in bits.</summary>
/// <remarks>
/// With challenges from GoldilocksExt2 (|F| = p² ≈ 2^128), a false statement survives with probability at
/// most E/|F| where E sums: log2 of the output size (a wrong output's extension agrees with the true one
/// at the random r with probability ≤ n_out/|F|, Schwartz–Zippel); per layer, (claims − 1) for the
/// combination Σ ρ^j·claim_j (a non-zero polynomial of degree claims − 1 in ρ) and degree·rounds for each
/// sumcheck. Interactive bound; under Fiat–Shamir an attacker making Q hash queries gains at most a
/// factor Q.
/// </remarks>
public static class GkrSoundness
{
    /// <summary>E, the numerator of the error bound E/|F|.</summary>
    public static double ErrorNumerator(LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ImmutableArray<LayerProofShape> shapes = GkrShapes.Of(circuit);
        int[] claims = GkrShapes.ClaimCounts(circuit);
        double total = circuit.OutputVariables;
        for (int i = 0; i < shapes.Length; i++)
        {
            total += claims[i + 1] - 1;
            total += shapes[i].SumcheckRounds.Sum() * (double)shapes[i].Degree;
        }

        return Math.Max(1, total);
    }

    /// <summary>−log2(E/|F|): the security level in bits.</summary>
    public static double Bits(LayeredCircuit circuit) =>
        BigInteger.Log(GoldilocksExt2.Order, 2) - Math.Log2(ErrorNumerator(circuit));

    /// <summary>
    /// The security level of a whole statement: for an all-public input, <see cref="Bits(LayeredCircuit)"/>;
    /// with committed inputs, −log2 of the GKR error plus the error of each batched Basefold opening (one
    /// per size group, with k commitments and m input claims: k + m combined claims), by the union bound.
    /// </summary>
    public static double Bits(GkrStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        double error = Math.Pow(2, -Bits(statement.Circuit));
        if (statement.Committed is { } committed)
        {
            int inputClaims = GkrShapes.ClaimCounts(statement.Circuit)[0];
            foreach (ImmutableArray<int> group in committed.Layout.Groups())
            {
                int n = committed.Layout.Segments[group[0]].NumVariables;
                error += Math.Pow(2, -committed.Parameters.SecurityBits(n, group.Length + inputClaims));
            }
        }

        return -Math.Log2(error);
    }
}
