using System.Numerics;
using Gkr.Field;

namespace Gkr.Protocol.Sumcheck;

/// <summary>The soundness error of the sumcheck protocol and its size in bits.</summary>
/// <remarks>
/// A false claim survives round k only if the verifier's r_k is a root of the non-zero polynomial
/// h_k − s_k of degree ≤ d (s_k the true round polynomial): probability ≤ d/|F|. A union bound over
/// n rounds gives n·d/|F| (interactive; under Fiat–Shamir an attacker making Q hash queries gains at
/// most a factor Q). The test suite measures this bound over a tiny field and shows it nearly tight.
/// </remarks>
public static class SumcheckSoundness
{
    /// <summary>n·d/|F| for challenges drawn from <typeparamref name="T"/>.</summary>
    public static double ErrorBound<T>(int numVariables, int degree) where T : unmanaged, IField<T> =>
        Math.Min(1.0, numVariables * (double)degree / (double)T.Order);

    /// <summary>−log2(n·d/|F|): the security level in bits (for example ≈ 122.7 for n = 20, d = 2 over GoldilocksExt2).</summary>
    public static double Bits<T>(int numVariables, int degree) where T : unmanaged, IField<T> =>
        BigInteger.Log(T.Order, 2) - Math.Log2(Math.Max(1, numVariables * degree));

    /// <summary>
    /// The exact success probability of the best per-round cheating strategy: 1 − (1 − d/|F|)^n.
    /// A cheating prover keeps a false claim until one challenge hits one of the d points where its
    /// polynomial agrees with the true one.
    /// </summary>
    public static double BestAttackSuccess<T>(int numVariables, int degree) where T : unmanaged, IField<T> =>
        1.0 - Math.Pow(1.0 - (degree / (double)T.Order), numVariables);
}
