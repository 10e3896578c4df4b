using System.Collections.Immutable;
using Gkr.Field;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// A sumcheck proof: for each round k = 0..n−1 the round polynomial h_k as its values
/// h_k(0), h_k(1), …, h_k(d). All d + 1 values are sent, so the verifier's check
/// h_k(0) + h_k(1) = claim is never vacuous.
/// </summary>
public sealed class SumcheckProof<T> where T : unmanaged, IField<T>
{
    /// <summary>A proof from its round polynomials (not validated here: the verifier checks the shape).</summary>
    public SumcheckProof(ImmutableArray<ImmutableArray<T>> roundPolynomials) => RoundPolynomials = roundPolynomials;

    /// <summary>h_k(0..d) for each round k.</summary>
    public ImmutableArray<ImmutableArray<T>> RoundPolynomials { get; }
}

/// <summary>
/// An evaluation claim produced by the sumcheck verifier: g(f_0(r), …, f_{k−1}(r)) = <see cref="Value"/>
/// at <see cref="Point"/> r. The sumcheck is sound only if the caller checks it.
/// </summary>
/// <param name="Point">r = (r_0, …, r_{n−1}) in the variable order of <see cref="Polynomials.MultilinearTable{T}"/>.</param>
/// <param name="Value">The value g(f(r)) must have.</param>
public sealed record SumcheckClaim<T>(ImmutableArray<T> Point, T Value) where T : unmanaged, IField<T>;

/// <summary>What the honest prover produces: the proof, the verifier's resulting claim, and the factor values f_i(r).</summary>
public sealed record SumcheckProverResult<T>(SumcheckProof<T> Proof, SumcheckClaim<T> Claim, ImmutableArray<T> FactorEvaluations)
    where T : unmanaged, IField<T>;

/// <summary>Prover tuning; the defaults use every core for large tables.</summary>
public sealed record SumcheckOptions
{
    /// <summary>The default: all cores, parallel from 2^12 hypercube pairs.</summary>
    public static SumcheckOptions Default { get; } = new();

    /// <summary>Single-threaded (for benchmarks and reproducible profiles).</summary>
    public static SumcheckOptions SingleThreaded { get; } = new() { MaxThreads = 1 };

    /// <summary>Largest number of threads a round may use.</summary>
    public int MaxThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Rounds over fewer pairs than this run on the calling thread.</summary>
    public int ParallelThreshold { get; init; } = 1 << 12;
}
