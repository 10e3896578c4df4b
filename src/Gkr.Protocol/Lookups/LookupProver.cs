using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Graph;

namespace Gkr.Protocol.Lookups;

/// <summary>
/// The prover side of a <see cref="LookupArgument"/> (LogUp-GKR, eprint 2023/1284): multiplicities before
/// the witness is committed, then after it the fraction trees and the leaf claims. Mirrors
/// <see cref="LookupVerifier"/>.
/// </summary>
internal static class LookupProver
{
    /// <summary>
    /// m_t = how many looked-up entries equal row t.
    /// </summary>
    /// <exception cref="InvalidOperationException">An entry is not a row of the table (names the lookup, column, entry and value): an honest prover cannot prove it.</exception>
    public static Goldilocks[] Multiplicities(int index, LookupArgument lookup, GraphValues values, bool allowInvalid = false)
    {
        var counts = new ulong[1 << lookup.Table.NumVariables];
        for (int c = 0; c < lookup.Columns.Length; c++)
        {
            LookupColumn column = lookup.Columns[c];
            Goldilocks[] x = values.Get(column.X);
            Goldilocks[]? y = column.Y is { } yr ? values.Get(yr) : null;
            for (int i = 0; i < x.Length; i++)
            {
                Goldilocks yi = y is null ? Goldilocks.Zero : y[i];
                if (lookup.Table.TryIndexOf(x[i], yi, out int row))
                {
                    counts[row]++;
                }
                else if (!allowInvalid)
                {
                    throw new InvalidOperationException(
                        $"Lookup {index} into {lookup.Table}: entry {i} of {column.X}{(y is null ? string.Empty : $"/{column.Y}")} is ({x[i].ToInt64()}{(y is null ? string.Empty : $", {yi.ToInt64()}")}), not a row of the table.");
                }
            }
        }

        return [.. counts.Select(Goldilocks.FromUInt64)];
    }

    /// <summary>Proves the lookup and adds its leaf claims to <paramref name="ledger"/> (multiplicities, then each column's X and Y).</summary>
    public static LookupProof Prove(LookupArgument lookup, GraphValues values, Transcript transcript, ClaimLedger ledger)
    {
        (GoldilocksExt2 alpha, GoldilocksExt2 beta) = LookupChallenges.Draw(lookup, transcript);
        LookupTable table = lookup.Table;
        Goldilocks[] m = values.Get(lookup.Multiplicities);
        var numerators = new GoldilocksExt2[m.Length];
        var denominators = new GoldilocksExt2[m.Length];
        for (int t = 0; t < m.Length; t++)
        {
            numerators[t] = GoldilocksExt2.FromBase(m[t]);
            GoldilocksExt2 row = GoldilocksExt2.FromBase(table.Row(0, t));
            if (table.Columns == 2)
            {
                row += beta * table.Row(1, t);
            }

            denominators[t] = alpha - row;
        }

        (FractionTreeProof<GoldilocksExt2> tableProof, FractionLeafClaim<GoldilocksExt2> tableLeaf) = FractionTree.Prove(numerators, denominators, transcript);
        ledger.Add(new Claim(lookup.Multiplicities, tableLeaf.Point, tableLeaf.Numerator));
        var columns = ImmutableArray.CreateBuilder<FractionTreeProof<GoldilocksExt2>>(lookup.Columns.Length);
        var leafEvaluations = ImmutableArray.CreateBuilder<GoldilocksExt2>();
        var claims = new List<Claim>();
        foreach (LookupColumn column in lookup.Columns)
        {
            Goldilocks[] x = values.Get(column.X);
            Goldilocks[]? y = column.Y is { } yr ? values.Get(yr) : null;
            var q = new GoldilocksExt2[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                q[i] = y is null ? alpha + (-x[i]) : alpha + (-x[i]) - (beta * y[i]);
            }

            (FractionTreeProof<GoldilocksExt2> proof, FractionLeafClaim<GoldilocksExt2> leaf) = FractionTree.Prove(null, q, transcript);
            columns.Add(proof);
            if (y is null)
            {
                claims.Add(new Claim(column.X, leaf.Point, alpha - leaf.Denominator));
            }
            else
            {
                GoldilocksExt2 xv = Polynomials.Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(x, leaf.Point.AsSpan());
                GoldilocksExt2 yv = Polynomials.Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(y, leaf.Point.AsSpan());
                leafEvaluations.Add(xv);
                leafEvaluations.Add(yv);
                claims.Add(new Claim(column.X, leaf.Point, xv));
                claims.Add(new Claim(column.Y!.Value, leaf.Point, yv));
            }
        }

        if (table.Columns == 2)
        {
            transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.LookupLeafEvaluations, leafEvaluations.ToArray());
        }

        ledger.AddRange(claims);
        return new LookupProof(tableProof, columns.MoveToImmutable(), leafEvaluations.ToImmutable());
    }
}

/// <summary>The challenges α (and β for two-column tables) of one lookup, drawn after the witness commitment.</summary>
internal static class LookupChallenges
{
    public static (GoldilocksExt2 Alpha, GoldilocksExt2 Beta) Draw(LookupArgument lookup, Transcript transcript)
    {
        GoldilocksExt2 alpha = transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.LookupAlpha);
        GoldilocksExt2 beta = lookup.Table.Columns == 2 ? transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.LookupBeta) : GoldilocksExt2.Zero;
        return (alpha, beta);
    }
}
