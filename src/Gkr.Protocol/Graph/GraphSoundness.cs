using System.Numerics;
using Gkr.Field;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Lookups;

namespace Gkr.Protocol.Graph;

/// <summary>
/// The soundness error of a graph-circuit proof, counted from every challenge its parts draw, all from
/// GoldilocksExt2 (|F| = p² ≈ 2^128), plus the commitments' opening errors.
/// </summary>
/// <remarks>
/// <para>Terms (union bound): the output point (n_out: Schwartz–Zippel on the output's extension); per layer,
/// its claim weights ρ^j (claims − 1) and its sumchecks (rounds × degree); per lookup, α and β
/// ((N + |T|)/|F|, N the looked-up entries: the cleared rational identity has total degree at most N + |T|
/// in (α, β); Haböck, eprint 2022/1530, Lemma 5) and each fraction tree's GKR
/// (<see cref="FractionTree.ErrorNumerator"/>); the Basefold openings of the model and the witness
/// (<see cref="Commitments.BasefoldParameters.SecurityBits"/> at their sizes and claim counts).</para>
/// </remarks>
public static class GraphSoundness
{
    /// <summary>The error's numerator over |GoldilocksExt2| for the interactive parts (walk and lookups).</summary>
    public static double ErrorNumerator(GraphCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        double total = circuit.OutputVariables;
        for (int i = 0; i < circuit.Layers.Length; i++)
        {
            LayerProofShape shape = circuit.Layers[i].Shape(circuit.ClaimCounts[i]);
            total += circuit.ClaimCounts[i] - 1;
            total += shape.SumcheckRounds.Sum() * (double)shape.Degree;
        }

        foreach (LookupArgument lookup in circuit.Lookups)
        {
            double entries = lookup.Columns.Sum(c => Math.Pow(2, circuit.NumVariables(c.X)));
            total += entries + Math.Pow(2, lookup.Table.NumVariables);
            total += FractionTree.ErrorNumerator(lookup.Table.NumVariables);
            total += lookup.Columns.Sum(c => FractionTree.ErrorNumerator(circuit.NumVariables(c.X)));
        }

        return Math.Max(1, total);
    }

    /// <summary>−log2 of the walk's and the lookups' error.</summary>
    public static double InteractiveBits(GraphCircuit circuit) =>
        BigInteger.Log(GoldilocksExt2.Order, 2) - Math.Log2(ErrorNumerator(circuit));

    /// <summary>−log2 of the whole proof's error: the interactive parts plus the model and witness openings.</summary>
    public static double Bits(GraphStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        GraphCircuit circuit = statement.Circuit;
        double error = Math.Pow(2, -InteractiveBits(circuit));
        (_, int tableClaims, int witnessClaims) = GraphShapes.FinalClaimCounts(circuit);
        if (GraphShapes.HasModelOpening(statement))
        {
            GraphModelCommitment mc = statement.ModelCommitment!;
            error += Math.Pow(2, -mc.Parameters.SecurityBits(mc.Layout.NumVariables, tableClaims));
        }

        if (statement.WitnessLayout is { } layout)
        {
            error += Math.Pow(2, -statement.WitnessParameters.SecurityBits(layout.NumVariables, witnessClaims));
        }

        return -Math.Log2(error);
    }
}
