using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gkr.Field.Simd;

namespace Gkr.Field.Tests;

/// <summary>
/// <see cref="WeightedSum256"/> lane by lane against its scalar reference, and the reference against
/// <see cref="UInt128"/> arithmetic mod p: random and edge factors, any 64-bit words (p, p + 5 and
/// 2^64 − 1 included), every term count 0..8, and long maximal sums up to the capacity.
/// </summary>
public sealed class WeightedSum256Tests
{
    private const ulong P = Goldilocks.Modulus;

    private static readonly ulong[] AnyWordEdges = [0, 1, P - 1, P, P + 5, ulong.MaxValue, 1UL << 32, (1UL << 32) - 1, 1UL << 63];

    private static Gen<ulong> AnyWord { get; } = Gen.Frequency((1, Gen.Elements(AnyWordEdges)), (3, FieldArbitraries.Word64));

    private static ulong Packed(ulong[] addends, ulong[][] factors, ulong[][] words, int lane)
    {
        var sum = WeightedSum256.Start(Vector256.Create(addends));
        for (int k = 0; k < factors.Length; k++)
        {
            var x = Vector256.Create(words[k]);
            sum.Add(new PackedFactor256(Goldilocks.FromCanonical(factors[k][lane])), x, x >>> 32);
        }

        return sum.Reduce()[lane];
    }

    private static ulong Wide(ulong addend, IEnumerable<(ulong Factor, ulong Word)> terms) =>
        (ulong)terms.Aggregate((UInt128)(addend % P), (acc, t) => (acc + ((UInt128)t.Factor * t.Word % P)) % P);

    [Property(MaxTest = 300)]
    public Property PackedMatchesScalarLaneByLane() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(0, 8).Zip(Gen.ArrayOf(AnyWord, 4))),
            Arb.From(Gen.ArrayOf(FieldArbitraries.CanonicalWord, 8)),
            Arb.From(Gen.ArrayOf(AnyWord, 32)),
            (countAndAddends, factorPool, wordPool) =>
            {
                (int count, ulong[] addends) = countAndAddends;
                // One factor per term (shared by the lanes, as in the kernels) and one word per term and lane.
                ulong[][] factors = [.. Enumerable.Range(0, count).Select(k => Enumerable.Repeat(factorPool[k], 4).ToArray())];
                ulong[][] words = [.. Enumerable.Range(0, count).Select(k => wordPool[(4 * k)..((4 * k) + 4)])];
                for (int lane = 0; lane < 4; lane++)
                {
                    Goldilocks[] laneFactors = [.. factors.Select(f => Goldilocks.FromCanonical(f[lane]))];
                    ulong[] laneWords = [.. words.Select(w => w[lane])];
                    ulong scalar = WeightedSum256.Scalar(addends[lane], laneFactors, laneWords).Value;
                    ulong wide = Wide(addends[lane], laneFactors.Zip(laneWords, (f, w) => (f.Value, w)));
                    if (scalar != wide || Packed(addends, factors, words, lane) != scalar)
                    {
                        return false;
                    }
                }

                return true;
            });

    [Fact]
    public void EdgeFactorsTimesEdgeWordsMatchTheReference()
    {
        ulong[] factors = [0, 1, 2, P - 1, P - 2, 1UL << 32, (1UL << 32) - 1, (1UL << 32) + 1, P >> 1];
        foreach (ulong factor in factors)
        {
            foreach (ulong addend in AnyWordEdges)
            {
                ulong[][] words = [AnyWordEdges[..4], AnyWordEdges[4..8], [AnyWordEdges[8], 0, 1, 2]];
                ulong[][] laneFactors = [.. words.Select(_ => Enumerable.Repeat(factor, 4).ToArray())];
                ulong[] addends = [addend, addend, addend, addend];
                for (int lane = 0; lane < 4; lane++)
                {
                    ulong expected = Wide(addend, words.Select(w => (factor, w[lane])));
                    Assert.Equal(expected, Packed(addends, laneFactors, words, lane));
                }
            }
        }
    }

    [Fact]
    public void LongMaximalSumsDoNotOverflowTheColumns()
    {
        // Maximal limbs times 2^64 − 1 drive every column towards its bound, up to the documented capacity.
        foreach (int count in new[] { 1, 2, 3, 7, 64, WeightedSum256.Capacity })
        {
            ulong[][] factors = [.. Enumerable.Repeat(new[] { P - 1, 0xFFFF_FFFE_FFFF_FFFFUL, (1UL << 32) - 1, P - 2 }, count)];
            ulong[][] words = [.. Enumerable.Repeat(new[] { ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, P - 1 }, count)];
            ulong[] addends = [ulong.MaxValue, P - 1, 0, P];
            for (int lane = 0; lane < 4; lane++)
            {
                ulong expected = Wide(addends[lane], Enumerable.Range(0, count).Select(k => (factors[k][lane], words[k][lane])));
                Assert.Equal(expected, Packed(addends, factors, words, lane));
            }
        }
    }
}
