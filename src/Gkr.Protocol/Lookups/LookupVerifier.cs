using Gkr.Field;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Graph;

namespace Gkr.Protocol.Lookups;

/// <summary>
/// The verifier side of a <see cref="LookupArgument"/>: draws α (and β), verifies the table tree and every
/// column tree, checks each leaf claim against its definition (table side: q̃(z) = α − T̃(z), evaluated by
/// the verifier; column side: p̃(z) = 1 and, for two columns, q̃(z) = α − x̃(z) − β·ỹ(z)), checks that the
/// roots add up (Σ_c P_c/Q_c = P_T/Q_T), and adds the claims on the multiplicities and the looked-up
/// columns to the ledger — <b>which the caller must still discharge</b> (layer walk and openings).
/// </summary>
/// <remarks>
/// Soundness (Haböck, eprint 2022/1530, Lemma 5; Papini–Haböck 2023/1284): for distinct table rows and fewer
/// lookups than the characteristic, the rational identity forces every entry to be a row; a false identity
/// survives a random α with probability at most (N + |T|)/|F|, and β adds |T|/|F|.
/// </remarks>
internal static class LookupVerifier
{
    public static void Verify(int index, LookupArgument lookup, GraphCircuit circuit, LookupProof proof, Transcript transcript, ClaimLedger ledger)
    {
        LookupTable table = lookup.Table;
        int expectedEvaluations = table.Columns == 2 ? 2 * lookup.Columns.Length : 0;
        if (proof?.Table is null || proof.Columns.IsDefault || proof.Columns.Length != lookup.Columns.Length || proof.Columns.Any(c => c is null)
            || proof.LeafEvaluations.IsDefault || proof.LeafEvaluations.Length != expectedEvaluations)
        {
            throw new LookupRejectedException(LookupRejection.MalformedProof, $"expected a table tree, {lookup.Columns.Length} column trees and {expectedEvaluations} leaf evaluations", index);
        }

        (GoldilocksExt2 alpha, GoldilocksExt2 beta) = LookupChallenges.Draw(lookup, transcript);
        FractionLeafClaim<GoldilocksExt2> tableLeaf = FractionTree.Verify(table.NumVariables, proof.Table, transcript, index, 0);
        GoldilocksExt2 row = table.Evaluate(0, tableLeaf.Point.AsSpan());
        if (table.Columns == 2)
        {
            row += beta * table.Evaluate(1, tableLeaf.Point.AsSpan());
        }

        if (tableLeaf.Denominator != alpha - row)
        {
            throw new LookupRejectedException(LookupRejection.LeafMismatch, "the table tree's leaves are not α − T", index, 0, expected: (alpha - row).ToString(), actual: tableLeaf.Denominator.ToString());
        }

        var leaves = new FractionLeafClaim<GoldilocksExt2>[lookup.Columns.Length];
        for (int c = 0; c < leaves.Length; c++)
        {
            leaves[c] = FractionTree.Verify(circuit.NumVariables(lookup.Columns[c].X), proof.Columns[c], transcript, index, c + 1);
            if (leaves[c].Numerator != GoldilocksExt2.One)
            {
                throw new LookupRejectedException(LookupRejection.LeafMismatch, "a looked-up column's numerators are not all one", index, c + 1, expected: "1", actual: leaves[c].Numerator.ToString());
            }
        }

        if (table.Columns == 2)
        {
            transcript.AbsorbFields(TranscriptLabels.LookupLeafEvaluations, proof.LeafEvaluations.AsSpan());
        }

        var claims = new List<Claim>();
        for (int c = 0; c < leaves.Length; c++)
        {
            LookupColumn column = lookup.Columns[c];
            if (column.Y is not { } y)
            {
                claims.Add(new Claim(column.X, leaves[c].Point, alpha - leaves[c].Denominator));
                continue;
            }

            GoldilocksExt2 xv = proof.LeafEvaluations[2 * c], yv = proof.LeafEvaluations[(2 * c) + 1];
            if (leaves[c].Denominator != alpha - xv - (beta * yv))
            {
                throw new LookupRejectedException(LookupRejection.LeafMismatch, "a column tree's leaves are not α − x − β·y at the claimed evaluations", index, c + 1);
            }

            claims.Add(new Claim(column.X, leaves[c].Point, xv));
            claims.Add(new Claim(y, leaves[c].Point, yv));
        }

        LogUpSum.Check(proof.Table, proof.Columns, index);
        ledger.Add(new Claim(lookup.Multiplicities, tableLeaf.Point, tableLeaf.Numerator));
        ledger.AddRange(claims);
    }
}

/// <summary>The root check of LogUp over any field: Σ_c P_c/Q_c = P_T/Q_T with every Q non-zero.</summary>
public static class LogUpSum
{
    /// <summary>Checks that the column trees' roots add up to the table tree's root.</summary>
    /// <exception cref="LookupRejectedException"><see cref="LookupRejection.ZeroDenominator"/> or <see cref="LookupRejection.SumMismatch"/>.</exception>
    public static void Check<T>(FractionTreeProof<T> table, IReadOnlyList<FractionTreeProof<T>> columns, int lookup = 0)
        where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        if (table.Denominator.IsZero || columns.Any(c => c.Denominator.IsZero))
        {
            throw new LookupRejectedException(LookupRejection.ZeroDenominator, "a fraction tree's root denominator is zero", lookup);
        }

        T looked = T.Zero;
        foreach (FractionTreeProof<T> column in columns)
        {
            looked += column.Numerator * column.Denominator.Inverse();
        }

        T tableSum = table.Numerator * table.Denominator.Inverse();
        if (looked != tableSum)
        {
            throw new LookupRejectedException(LookupRejection.SumMismatch, "Σ 1/(α − a) over the looked-up columns differs from Σ m/(α − T) over the table: an entry outside the table or wrong multiplicities", lookup, expected: tableSum.ToString(), actual: looked.ToString());
        }
    }
}
