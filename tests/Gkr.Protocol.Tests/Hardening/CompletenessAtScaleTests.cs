using System.Diagnostics;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;
using Gkr.Protocol.Tests.Gkr;
using Xunit.Abstractions;

namespace Gkr.Protocol.Tests.Hardening;

/// <summary>
/// Completeness at scale (issue 6): about 1.9·10^4 seeded random honest instances across every proof type,
/// each proved, encoded, decoded and verified; a single failure fails the test with the seed that
/// reproduces it. Sizes are mostly small (n, widths and depths skewed low) so the whole file runs in
/// well under 90 s on two cores in Release (about 35 s of CPU time in all, spread over both cores).
/// </summary>
/// <remarks>
/// Every test draws one instance seed per instance from <c>new Random(testSeed)</c>; the instance makes
/// all its choices from <c>new Random(instanceSeed)</c>, so a reported instance seed replays that one
/// instance alone. Instances run in parallel (they share nothing).
/// </remarks>
public class CompletenessAtScaleTests(ITestOutputHelper output)
{
    private const int SumcheckExtensionCount = 5000;
    private const int SumcheckBaseCount = 2500;
    private const int SumcheckTinyCount = 2500;
    private const int BatchedCount = 2500;
    private const int GkrCount = 5000;
    private const int GkrCommittedCount = 400;
    private const int BasefoldCount = 500;
    private const int LigeroCount = 450;

    /// <summary>Basefold parameters the instances rotate through: the default, lower targets, every rate, other arities and proof-of-work bits.</summary>
    private static readonly BasefoldParameters[] BasefoldSets =
    [
        BasefoldParameters.Default,
        BasefoldParameters.ForSecurity(40, logInverseRate: 1, proofOfWorkBits: 0),
        BasefoldParameters.ForSecurity(60, logInverseRate: 2, proofOfWorkBits: 4, logArity: 2),
        BasefoldParameters.ForSecurity(80, logInverseRate: 3, proofOfWorkBits: 8, logArity: 1),
        BasefoldParameters.ForSecurity(50, logInverseRate: 1, proofOfWorkBits: 2, logArity: 3, bound: ProximityBound.JohnsonConjectured),
    ];

    private static readonly LigeroParameters[] LigeroSets =
    [
        LigeroParameters.Default,
        LigeroParameters.ForSecurity(40, 1, 0),
        LigeroParameters.ForSecurity(100, 2, 8),
        LigeroParameters.ForSecurity(60, 3, 4, ProximityBound.JohnsonConjectured),
    ];

    private static readonly SampleCircuits.Kinds[] CircuitKinds =
    [
        SampleCircuits.Kinds.All,
        SampleCircuits.Kinds.Gates,
        SampleCircuits.Kinds.DataParallel,
        SampleCircuits.Kinds.MatMul,
        SampleCircuits.Kinds.Gates | SampleCircuits.Kinds.MatMul,
    ];

    /// <summary>Small values far more often than large: P(k) falls linearly from k = 0 to <paramref name="max"/>.</summary>
    private static int Skewed(Random rng, int max) => Math.Min(rng.Next(max + 1), rng.Next(max + 1));

    /// <summary>Single-threaded mostly; one instance in eight on two threads with every size parallelised.</summary>
    private static SumcheckOptions Threads(Random rng) =>
        rng.Next(8) == 0 ? new SumcheckOptions { MaxThreads = 2, ParallelThreshold = 1 } : SumcheckOptions.SingleThreaded;

    /// <summary>
    /// Runs <paramref name="count"/> instances seeded from <paramref name="testSeed"/> and logs the count; an
    /// instance that throws fails the test with its seeds.
    /// </summary>
    private void Run(string type, int testSeed, int count, Action<Random, int> instance)
    {
        var rng = new Random(testSeed);
        int[] seeds = [.. Enumerable.Range(0, count).Select(_ => rng.Next())];
        long start = Stopwatch.GetTimestamp();
        int passed = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                instance(new Random(seeds[i]), seeds[i]);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{type}: honest instance {i} failed (test seed {testSeed}, instance seed {seeds[i]}): {e.GetType().Name}: {e.Message}", e);
            }

            Interlocked.Increment(ref passed);
        });
        Assert.Equal(count, passed);
        output.WriteLine($"{type}: {passed} honest proofs verified, 0 failures (test seed {testSeed}, {Stopwatch.GetElapsedTime(start).TotalSeconds:0.0} s)");
    }

    /// <summary>A composition from the fixed list (degrees 1..5) or a random one (up to 5 factors, degree up to 6).</summary>
    private static (string Name, Composition<T> Composition) PickComposition<T>(Random rng) where T : unmanaged, IField<T>
    {
        IReadOnlyList<(string Name, Composition<T> Composition)> fixedList = TestData.Compositions<T>();
        return rng.Next(2) == 0 ? fixedList[rng.Next(fixedList.Count)] : ("random", RandomInstances.RandomComposition<T>(rng, 5, 6));
    }

    [Fact]
    public void PlannedInstancesExceedTenThousand() =>
        Assert.True(SumcheckExtensionCount + SumcheckBaseCount + SumcheckTinyCount + BatchedCount + GkrCount + GkrCommittedCount + BasefoldCount + LigeroCount >= 10_000);

    [Fact]
    public void SumcheckGoldilocksTablesExtensionChallenges() =>
        Run("sumcheck Goldilocks/GoldilocksExt2, n 0..12", 601, SumcheckExtensionCount, (rng, seed) =>
        {
            (string name, Composition<GoldilocksExt2> composition) = PickComposition<GoldilocksExt2>(rng);
            RandomInstances.ProveAndVerifySumcheck<Goldilocks, GoldilocksExt2>(name, composition, Skewed(rng, 12), seed, Threads(rng));
        });

    [Fact]
    public void SumcheckGoldilocksTablesBaseChallenges() =>
        Run("sumcheck Goldilocks/Goldilocks, n 0..12", 602, SumcheckBaseCount, (rng, seed) =>
        {
            (string name, Composition<Goldilocks> composition) = PickComposition<Goldilocks>(rng);
            RandomInstances.ProveAndVerifySumcheck<Goldilocks, Goldilocks>(name, composition, Skewed(rng, 12), seed, Threads(rng));
        });

    [Fact]
    public void SumcheckTinyField() =>
        Run("sumcheck TinyField<8191>, n 0..10", 603, SumcheckTinyCount, (rng, seed) =>
        {
            (string name, Composition<TinyField<Mod8191>> composition) = PickComposition<TinyField<Mod8191>>(rng);
            RandomInstances.ProveAndVerifySumcheck<TinyField<Mod8191>, TinyField<Mod8191>>(name, composition, Skewed(rng, 10), seed, Threads(rng));
        });

    [Fact]
    public void BatchedSumcheck() =>
        Run("batched sumcheck, 1..6 claims of n 0..10", 604, BatchedCount, (rng, seed) =>
            RandomInstances.ProveAndVerifyBatched(seed, [.. Enumerable.Range(0, rng.Next(1, 7)).Select(_ => Skewed(rng, 10))]));

    [Fact]
    public void GkrRandomLayeredCircuits() =>
        Run("gkr, depth 1..6, widths up to 2^6, gates/data-parallel/matmul", 605, GkrCount, (rng, seed) =>
        {
            LayeredCircuit circuit = SampleCircuits.Random(seed, rng.Next(1, 7), Skewed(rng, 6), CircuitKinds[rng.Next(CircuitKinds.Length)]);
            GkrCompletenessTests.ProveAndVerify(circuit, seed, Threads(rng));
        });

    [Fact]
    public void GkrWithCommittedInputs() =>
        Run("gkr with Basefold-committed inputs, depth 1..4, 1..3 segments", 606, GkrCommittedCount, (rng, seed) =>
        {
            LayeredCircuit circuit = SampleCircuits.Random(seed, rng.Next(1, 5), rng.Next(1, 6));
            RandomInstances.ProveAndVerifyCommitted(circuit, RandomLayout(rng, circuit.InputWidth), seed, BasefoldSets[rng.Next(BasefoldSets.Length)]);
        });

    [Fact]
    public void BasefoldOpenings() =>
        Run("basefold openings, n 0..10, 1..3 polynomials x 1..3 points", 607, BasefoldCount, (rng, seed) =>
        {
            bool batch = rng.Next(2) == 0;
            RandomInstances.OpenAndVerifyBasefold(Skewed(rng, 10), batch ? rng.Next(1, 4) : 1, batch ? rng.Next(1, 4) : 1, seed, BasefoldSets[rng.Next(BasefoldSets.Length)]);
        });

    [Fact]
    public void LigeroOpenings() =>
        Run("ligero openings, n 0..10, 1..3 polynomials x 1..3 points", 608, LigeroCount, (rng, seed) =>
        {
            bool batch = rng.Next(2) == 0;
            RandomInstances.OpenAndVerifyLigero(Skewed(rng, 10), batch ? rng.Next(1, 4) : 1, batch ? rng.Next(1, 4) : 1, seed, LigeroSets[rng.Next(LigeroSets.Length)]);
        });

    /// <summary>A public part and 1..3 aligned segments that fit <paramref name="inputWidth"/> (at least one segment always fits: 2^0 at offset 0).</summary>
    private static GkrInputLayout RandomLayout(Random rng, int inputWidth)
    {
        int publicLength = rng.Next(0, (inputWidth / 2) + 1);
        var segments = new List<int>();
        int maxVariables = int.Log2(inputWidth);
        for (int attempt = rng.Next(1, 4); attempt > 0; attempt--)
        {
            int k = rng.Next(0, maxVariables + 1);
            if (GkrInputLayout.Packed(publicLength, [.. segments, k]).End <= inputWidth)
            {
                segments.Add(k);
            }
        }

        return segments.Count == 0 ? GkrInputLayout.Packed(0, 0) : GkrInputLayout.Packed(publicLength, [.. segments]);
    }
}
