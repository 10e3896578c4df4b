using System.Numerics;
using FsCheck.Xunit;
using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.NeuralLayers.Model;
using Gkr.Protocol;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>Requantization rounding half to even: completeness against <see cref="Requantization.RoundShift"/> on many exact ties, and one test per attack on the tie gadget.</summary>
public class RequantizeHalfEvenTests
{
    private sealed record Case(GraphCircuit Circuit, Goldilocks[][] Tables, long[] Acc, long[] Multipliers, int Shift, long ZeroPoint, int ChannelVariables);

    /// <summary>
    /// Accumulators of which about half land exactly on a tie (acc·M ≡ 2^(S−1) mod 2^S, both signs), the rest random
    /// within the overflow bound; M = odd·2^v so ties exist with small accumulators. The layer's output is read twice
    /// (a sum layer of u with itself), so it gets two claims.
    /// </summary>
    private static Case Build(int seed, int vars, int channelVariables, int shift, long zeroPoint, bool twoClaims = true)
    {
        var rng = new Random(seed);
        long[] multipliers = [.. Enumerable.Range(0, 1 << channelVariables).Select(_ => RandomMultiplier(rng, shift))];
        var acc = new long[1 << vars];
        for (int x = 0; x < acc.Length; x++)
        {
            long m = multipliers[x & ((1 << channelVariables) - 1)];
            long bound = ((1L << 61) / m) - 1;
            acc[x] = rng.Next(2) == 0 ? Tie(rng, m, shift, bound) : rng.NextInt64(-Math.Min(bound, 1L << 40), Math.Min(bound, 1L << 40));
        }

        var b = new GraphCircuitBuilder(acc.Length);
        PolynomialRef? table = channelVariables > 0 ? b.AddTable("multipliers", channelVariables) : null;
        PolynomialRef u = RequantizeLayer.Add(b, PolynomialRef.Input, vars, multipliers[0], table, 0, channelVariables, shift, zeroPoint, RoundingMode.RoundHalfToEven);
        if (twoClaims)
        {
            b.AddLayer(new SumLayer(u, u, vars));
        }

        Goldilocks[][] tables = channelVariables > 0 ? [[.. multipliers.Select(Goldilocks.FromInt64)]] : [];
        return new Case(b.Build(), tables, acc, multipliers, shift, zeroPoint, channelVariables);
    }

    /// <summary>M = odd·2^v in (0, 2^31) with S − v ≤ 14 where possible, so ties come every 2^(S−v) accumulators.</summary>
    private static long RandomMultiplier(Random rng, int shift)
    {
        int v = Math.Min(30, Math.Max(0, shift - 1 - rng.Next(0, 14)));
        long odd = (2L * rng.NextInt64(0, Math.Max(1, (1L << (31 - v)) / 2))) + 1;
        return Math.Min(odd << v, int.MaxValue);
    }

    /// <summary>An accumulator with acc·M ≡ 2^(S−1) (mod 2^S) and |acc| ≤ bound, or a random small one when none is near.</summary>
    private static long Tie(Random rng, long m, int shift, long bound)
    {
        int v = BitOperations.TrailingZeroCount(m);
        if (v > shift - 1)
        {
            return rng.Next(-1000, 1000);
        }

        BigInteger modulus = BigInteger.One << (shift - v), odd = m >> v;
        BigInteger inverse = BigInteger.ModPow(odd, (modulus / 2) - 1, modulus); // units mod 2^k have order dividing 2^(k−1)
        long a0 = (long)((inverse << (shift - 1 - v)) % modulus), period = (long)modulus;
        long steps = Math.Max(0, (bound - a0) / period);
        long acc = a0 + (period * rng.NextInt64(-Math.Min(steps, 1000), Math.Min(steps, 1000) + 1));
        return Math.Abs(acc) <= bound ? acc : rng.Next(-1000, 1000);
    }

    private static long Reference(Case c, int x) =>
        (long)Requantization.RoundShift((Int128)c.Acc[x] * c.Multipliers[x & ((1 << c.ChannelVariables) - 1)], c.Shift, RoundingMode.RoundHalfToEven) + c.ZeroPoint;

    private static bool IsTie(Case c, int x) =>
        ((((Int128)c.Acc[x] * c.Multipliers[x & ((1 << c.ChannelVariables) - 1)]) + (Int128.One << (c.Shift - 1))) & ((Int128.One << c.Shift) - 1)) == 0;

    private static GraphProverResult ProveAndVerify(Case c)
    {
        NeuralLayerKinds.EnsureRegistered();
        GraphModel model = GraphModel.Public(c.Circuit, c.Tables);
        GraphProverResult result = GraphProver.Prove(c.Circuit, [.. c.Acc.Select(Goldilocks.FromInt64)], model);
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        return result;
    }

    [Theory]
    [InlineData(1, 6, 0, 36, 0)]
    [InlineData(2, 6, 0, 31, -5)]
    [InlineData(3, 6, 2, 38, 3)]
    [InlineData(4, 5, 3, 33, 0)]
    [InlineData(5, 4, 1, 12, 7)]
    public void HalfEvenMatchesTheReferenceOnTiesAndNonTies(int seed, int vars, int channelVariables, int shift, long zeroPoint)
    {
        Case c = Build(seed, vars, channelVariables, shift, zeroPoint);
        Assert.True(Enumerable.Range(0, c.Acc.Length).Count(x => IsTie(c, x)) >= c.Acc.Length / 4, "too few ties");
        Assert.Contains(Enumerable.Range(0, c.Acc.Length), x => IsTie(c, x) && c.Acc[x] * c.Multipliers[x & ((1 << channelVariables) - 1)] < 0);
        GraphProverResult result = ProveAndVerify(c);
        Assert.Equal(Enumerable.Range(0, c.Acc.Length).Select(x => 2 * Reference(c, x)), result.Statement.ClaimedOutput.Select(v => v.ToInt64()));
        Assert.True(GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(c.Circuit)).Digest.SequenceEqual(c.Circuit.Digest));
    }

    [Property(MaxTest = 25)]
    public void HalfEvenMatchesTheReferenceForRandomParameters(int seed, byte shiftByte, bool perChannel)
    {
        int shift = 1 + (shiftByte % 61);
        Case c = Build(seed, 3, perChannel ? 1 : 0, shift, seed % 5, twoClaims: false);
        GraphProverResult result = ProveAndVerify(c);
        Assert.Equal(Enumerable.Range(0, c.Acc.Length).Select(x => Reference(c, x)), result.Statement.ClaimedOutput.Select(v => v.ToInt64()));
    }

    [Fact]
    public void HalfUpLayersKeepTheirDescriptionAndHalfEvenAppendsOneByte()
    {
        NeuralLayerKinds.EnsureRegistered();
        static byte[] Description(RoundingMode mode)
        {
            var b = new GraphCircuitBuilder(4);
            RequantizeLayer.Add(b, PolynomialRef.Input, 2, 5, null, 0, 0, 33, -1, mode);
            var writer = new CircuitDescriptionWriter();
            b.Build().Layers[0].WriteDescription(writer);
            return writer.ToArray();
        }

        byte[] halfUp = [5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 33, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0];
        Assert.Equal(halfUp, Description(RoundingMode.RoundHalfUp));
        Assert.Equal([.. halfUp, 2], Description(RoundingMode.RoundHalfToEven));
        Case c = Build(9, 3, 0, 34, 0);
        var decoded = Assert.IsType<RequantizeLayer>(GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(c.Circuit)).Layers[0]);
        Assert.Equal(RoundingMode.RoundHalfToEven, decoded.Rounding);
        var layer = (RequantizeLayer)c.Circuit.Layers[0];
        var header = new GraphLayerHeader(3, layer.Reads, layer.Writes);
        var writerEven = new CircuitDescriptionWriter();
        layer.WriteDescription(writerEven);
        byte[] bad = writerEven.ToArray();
        bad[20] = 1;
        Assert.Throws<MalformedCircuitException>(() => RequantizeLayer.Kind.Decode(header, bad));
        Assert.Throws<MalformedCircuitException>(() => RequantizeLayer.Kind.Decode(header, bad[..20])); // half-up with half-even's columns
    }

    /// <summary>What a cheating prover writes at one element: the quotient q, the remainder (any integer), π, h (a field element), t, z0 and inv.</summary>
    private sealed record Cheat(long Q, long R, long Parity, Goldilocks H, long T, long Zero, Goldilocks Inverse);

    /// <summary>The honest values at element x.</summary>
    private static Cheat Honest(Case c, int x)
    {
        Int128 total = ((Int128)c.Acc[x] * c.Multipliers[x & ((1 << c.ChannelVariables) - 1)]) + (Int128.One << (c.Shift - 1));
        long q = (long)(total >> c.Shift), r = (long)(total - ((Int128)q << c.Shift));
        return new Cheat(q, r, q & 1, Goldilocks.FromInt64(q >> 1), r == 0 ? q & 1 : 0, r == 0 ? 1 : 0, r == 0 ? Goldilocks.Zero : Goldilocks.FromInt64(r).Inverse());
    }

    private static ProofRejectedException Rejected(Case c, Func<Case, int, bool> where, Func<Cheat, Cheat> cheat)
    {
        NeuralLayerKinds.EnsureRegistered();
        var layer = (RequantizeLayer)c.Circuit.Layers[0];
        int x = Enumerable.Range(0, c.Acc.Length).First(i => where(c, i));
        GraphModel model = GraphModel.Public(c.Circuit, c.Tables);
        Goldilocks[] input = [.. c.Acc.Select(Goldilocks.FromInt64)];
        GraphValues values = GraphProver.Evaluate(c.Circuit, input, model, SumcheckOptions.Default, allowInvalidLookups: true);
        Cheat w = cheat(Honest(c, x));
        int limbs = RequantizeLayer.LimbCount(c.Shift), halfLimbs = layer.Writes.Count - limbs - 4;
        void Set(int column, Goldilocks value)
        {
            Goldilocks[] col = (Goldilocks[])values.Get(layer.Writes[column]).Clone();
            col[x] = value;
            values.ReplaceWitness(layer.Writes[column], col);
        }

        // Remainder limbs: the low ones from the integer's low bits, the top one takes the rest (negative if r < 0).
        int topShift = RequantizeLayer.LimbOffset(c.Shift, limbs - 1);
        long low = w.R & ((1L << topShift) - 1);
        for (int l = 0; l < limbs - 1; l++)
        {
            Set(l, Goldilocks.FromInt64((low >> RequantizeLayer.LimbOffset(c.Shift, l)) & ((1L << RequantizeLayer.LimbWidth(c.Shift, l)) - 1)));
        }

        Set(limbs - 1, Goldilocks.FromInt64((w.R - low) >> topShift));
        Set(limbs, Goldilocks.FromInt64(w.T));
        Set(limbs + 1, Goldilocks.FromInt64(w.Parity));
        Set(limbs + 2, Goldilocks.FromInt64(w.Zero));
        Set(limbs + 3, w.Inverse);
        Goldilocks big = w.H + Goldilocks.FromInt64(1L << (layer.HalfBits - 1));
        bool small = big.Value < 1UL << layer.HalfBits;
        for (int l = 0; l < halfLimbs; l++)
        {
            Set(limbs + 4 + l, small ? Goldilocks.FromUInt64((big.Value >> RequantizeLayer.LimbOffset(layer.HalfBits, l)) & ((1UL << RequantizeLayer.LimbWidth(layer.HalfBits, l)) - 1)) : l == 0 ? big : Goldilocks.Zero);
        }

        Goldilocks[] u = (Goldilocks[])values.Get(PolynomialRef.Layer(0)).Clone();
        u[x] = Goldilocks.FromInt64(w.Q - w.T + c.ZeroPoint);
        values.SetLayer(0, u);
        Assert.NotEqual(Reference(c, x), u[x].ToInt64());
        return CheatingProver.Rejection(c.Circuit, input, model, values);
    }

    private static Case Single(int seed) => Build(seed, 5, 0, 34, 0, twoClaims: false);

    private static void AssertZeroCheck(ProofRejectedException ex) => CheatingProver.AssertLayerSumcheck(ex, 0);

    [Fact]
    public void TheHalfUpResultOnATieIsRejected() =>
        AssertZeroCheck(Rejected(Single(11), (c, x) => IsTie(c, x) && (Honest(c, x).Q & 1) == 1, w => w with { T = 0 })); // C3: t ≠ z0·π

    [Fact]
    public void TheHalfUpResultOnATieWithTheZeroFlagClearedIsRejected() =>
        AssertZeroCheck(Rejected(Single(12), (c, x) => IsTie(c, x) && (Honest(c, x).Q & 1) == 1, w => w with { T = 0, Zero = 0 })); // C1: r·inv = 1 − z0 fails at r = 0

    [Fact]
    public void ATieCorrectionOnANonTieIsRejected() =>
        AssertZeroCheck(Rejected(Single(13), (c, x) => !IsTie(c, x) && (Honest(c, x).Q & 1) == 1, w => w with { T = 1, Zero = 1, Inverse = Goldilocks.Zero })); // C2: r·z0 ≠ 0

    [Fact]
    public void AWrongParityBitIsRejectedByTheRangeCheck()
    {
        // A tie with q even (honest u = q): claim π = 1, so t = 1 and u = q − 1; h = (q − 1)/2 is no integer, H leaves its range.
        ProofRejectedException ex = Rejected(Single(14), (c, x) => IsTie(c, x) && (Honest(c, x).Q & 1) == 0,
            w => w with { Parity = 1, H = (Goldilocks.FromInt64(w.Q) - Goldilocks.One) * Goldilocks.FromInt64(2).Inverse(), T = 1 });
        CheatingProver.AssertRangeCheck(ex);
    }

    [Fact]
    public void AQuotientOffByOneWithTheRemainderMovedIsRejected()
    {
        ProofRejectedException ex = Rejected(Single(15), (c, x) => !IsTie(c, x), w =>
        {
            long q = w.Q + 1, r = w.R - (1L << 34);
            return new Cheat(q, r, q & 1, Goldilocks.FromInt64(q >> 1), 0, 0, Goldilocks.FromInt64(r).Inverse());
        });
        CheatingProver.AssertRangeCheck(ex);
    }
}
