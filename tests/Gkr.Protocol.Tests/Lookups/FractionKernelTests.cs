using Gkr.Field;
using Gkr.Protocol.Lookups;

namespace Gkr.Protocol.Tests.Lookups;

/// <summary>
/// The packed GoldilocksExt2 paths of <see cref="FractionKernels"/> against their scalar reference loops,
/// element by element, on every length 0..257 (so every chunk and vector tail runs), edge values included.
/// </summary>
public class FractionKernelTests
{
    private static readonly ulong[] EdgeWords = [0, 1, Goldilocks.Modulus - 1, 1UL << 32, Goldilocks.Epsilon, Goldilocks.Modulus - 2];

    /// <summary>Seeded values; every fourth entry is built from edge words (0, 1, p − 1, 2^32, 2^32 − 1, p − 2).</summary>
    private static GoldilocksExt2[] Table(int length, int seed)
    {
        var source = new RandomSource(seed);
        var table = new GoldilocksExt2[length];
        for (int i = 0; i < length; i++)
        {
            GoldilocksExt2 random = GoldilocksExt2.Sample(ref source);
            table[i] = i % 4 != 1 ? random
                : new GoldilocksExt2(Goldilocks.FromUInt64(EdgeWords[i % EdgeWords.Length]), Goldilocks.FromUInt64(EdgeWords[(i / 4) % EdgeWords.Length]));
        }

        return table;
    }

    [Fact]
    public void RoundSumsMatchTheScalarLoop()
    {
        GoldilocksExt2 lambda = Table(1, 999)[0];
        for (int pairs = 0; pairs <= 257; pairs++)
        {
            // A first round (half = 2·pairs) and a later one (the tables' halves longer than the live pairs).
            foreach (int half in new[] { 2 * pairs, (2 * pairs) + 5 })
            {
                GoldilocksExt2[] eq = Table(pairs, pairs), p = Table(2 * half, pairs + 1000), q = Table(2 * half, pairs + 2000);
                Assert.Equal(FractionKernels.RoundSums(eq, p, q, half, pairs, lambda, packed: false), FractionKernels.RoundSums(eq, p, q, half, pairs, lambda));
                Assert.Equal(FractionKernels.RoundSums(eq, null, q, half, pairs, lambda, packed: false), FractionKernels.RoundSums(eq, null, q, half, pairs, lambda));
            }
        }
    }

    [Fact]
    public void CombineMatchesTheScalarLoop()
    {
        for (int half = 0; half <= 257; half++)
        {
            GoldilocksExt2[] p = Table(2 * half, half), q = Table(2 * half, half + 500);
            foreach (GoldilocksExt2[]? numerators in new[] { p, null })
            {
                (GoldilocksExt2[] expectedP, GoldilocksExt2[] expectedQ) = FractionKernels.Combine(numerators, q, half, packed: false);
                (GoldilocksExt2[] actualP, GoldilocksExt2[] actualQ) = FractionKernels.Combine(numerators, q, half);
                Assert.Equal(expectedP, actualP);
                Assert.Equal(expectedQ, actualQ);
            }
        }
    }

    [Fact]
    public void EqStepMatchesTheScalarLoop()
    {
        for (int size = 0; size <= 257; size++)
        {
            GoldilocksExt2[] next = Table(size, size);
            GoldilocksExt2 z = Table(1, size + 300)[0];
            var expected = new GoldilocksExt2[2 * size];
            var actual = new GoldilocksExt2[2 * size];
            FractionKernels.EqStep<GoldilocksExt2>(next, z, expected, packed: false);
            FractionKernels.EqStep<GoldilocksExt2>(next, z, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void ScalarRoundSumsMatchTheDefinition()
    {
        // The reference loop itself against Σ eq·g evaluated from the pair's line at t = 0 and t = 2.
        GoldilocksExt2 lambda = GoldilocksExt2.FromUInt64(5), two = GoldilocksExt2.FromUInt64(2);
        const int pairs = 3, half = 8;
        GoldilocksExt2[] eq = Table(pairs, 1), p = Table(2 * half, 2), q = Table(2 * half, 3);
        GoldilocksExt2 s0 = GoldilocksExt2.Zero, s2 = GoldilocksExt2.Zero;
        for (int x = 0; x < pairs; x++)
        {
            GoldilocksExt2 At(GoldilocksExt2[] table, int offset, GoldilocksExt2 t) => table[offset + x] + (t * (table[offset + x + pairs] - table[offset + x]));
            GoldilocksExt2 G(GoldilocksExt2 t) => (At(p, 0, t) * At(q, half, t)) + (At(p, half, t) * At(q, 0, t)) + (lambda * At(q, 0, t) * At(q, half, t));
            s0 += eq[x] * G(GoldilocksExt2.Zero);
            s2 += eq[x] * G(two);
        }

        Assert.Equal((s0, s2), FractionKernels.RoundSums(eq, p, q, half, pairs, lambda, packed: false));
    }
}
