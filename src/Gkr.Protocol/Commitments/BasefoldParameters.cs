using System.Globalization;
using Gkr.Field;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// Parameters of the Basefold-style commitment (FRI folding of a Reed–Solomon codeword interleaved with
/// the evaluation sumcheck), derived from a declared security target.
/// </summary>
/// <remarks>
/// <para>Soundness of one opening (n variables, codeword length N = 2^(n+L), t queries, w proof-of-work
/// bits, δ = (1 − ρ)/2, k polynomials, m points):</para>
/// <para>ε ≤ (1 − δ)^t · 2^−w + (2N + 2n + k + m)/|GoldilocksExt2|.</para>
/// <para>Query phase: in the unique-decoding regime each query catches a fold chain that starts δ-far
/// from the code with probability ≥ δ (FRI: Ben-Sasson, Bentov, Horesh, Riabzev, ICALP 2018; unique
/// decoding analysis and proximity gaps: Ben-Sasson, Carmon, Ishai, Kopparty, Saraf, eprint 2020/654,
/// Thm 1.2 and §8; Basefold: Zeilberger, Chen, Fisch, eprint 2023/1705). Commit phase: each binary
/// fold is a random point on a line of words, far words stay far except with probability N_k/|F|
/// (BCIKS20 Thm 1.2), summing to ≤ 2N/|F| over the rounds. Sumcheck: 2 per round (degree 2),
/// batching coefficients k + m. The conjectured Johnson alternative (δ = 1 − √ρ) is available through
/// <see cref="ProximityBound.JohnsonConjectured"/> for comparison only.</para>
/// </remarks>
public sealed record BasefoldParameters
{
    /// <summary>Default log2 inverse rate (ρ = 1/8).</summary>
    public const int DefaultLogInverseRate = 3;

    /// <summary>Default log2 of the folding arity per committed oracle (16: four rounds per Merkle tree).</summary>
    public const int DefaultLogArity = 4;

    /// <summary>log2 of the first oracle's leaf size (64 symbols: 4× fewer leaf and node hashes at commit time than 16, for about 30 KB more proof at 2^20).</summary>
    public const int DefaultLogFirstArity = 6;

    /// <summary>Largest codeword this implementation encodes: 2^(24 + 3) via coset NTTs.</summary>
    public const int MaxLogCodeword = Ntt.MaxLogSize + 3;

    /// <summary>The largest n the query count is sized for (larger tables get the bits <see cref="SecurityBits"/> reports).</summary>
    public const int SizedFor = 22;

    private BasefoldParameters(int targetBits, int logInverseRate, int proofOfWorkBits, int logArity, ProximityBound bound)
    {
        TargetBits = targetBits;
        LogInverseRate = logInverseRate;
        ProofOfWorkBits = proofOfWorkBits;
        LogArity = logArity;
        Bound = bound;
    }

    /// <summary>The default parameters: 100 bits, ρ = 1/8, 16 proof-of-work bits, arity 16, proven bound.</summary>
    public static BasefoldParameters Default { get; } = ForSecurity(LigeroParameters.DefaultTargetBits);

    /// <summary>The declared security target in bits.</summary>
    public int TargetBits { get; }

    /// <summary>L, with code rate ρ = 2^−L.</summary>
    public int LogInverseRate { get; }

    /// <summary>w: leading zero bits the prover's proof-of-work digest must have.</summary>
    public int ProofOfWorkBits { get; }

    /// <summary>log2 of the number of codeword symbols per Merkle leaf (folds per committed oracle).</summary>
    public int LogArity { get; }

    /// <summary>The proximity bound the query count is derived from.</summary>
    public ProximityBound Bound { get; }

    /// <summary>log2 of the first oracle's leaf size (<see cref="DefaultLogFirstArity"/>).</summary>
    public int LogFirstArity => DefaultLogFirstArity;

    /// <summary>t: the number of queries.</summary>
    public int Queries { get; private init; }

    /// <summary>δ: (1 − ρ)/2 for the proven bound, 1 − √ρ for the conjectured one.</summary>
    public double ProximityParameter => Bound == ProximityBound.UniqueDecoding ? (1 - Math.ScaleB(1.0, -LogInverseRate)) / 2 : 1 - Math.Sqrt(Math.ScaleB(1.0, -LogInverseRate));

    /// <summary>Parameters meeting <paramref name="targetBits"/> for every size up to 2^<see cref="SizedFor"/> and batches of up to 2^10 claims.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A target outside [1, 120], a rate outside [1/8, 1/2], arity outside [2, 256] or proof-of-work bits outside [0, 30].</exception>
    public static BasefoldParameters ForSecurity(int targetBits, int logInverseRate = DefaultLogInverseRate, int proofOfWorkBits = LigeroParameters.DefaultProofOfWorkBits, int logArity = DefaultLogArity, ProximityBound bound = ProximityBound.UniqueDecoding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetBits, 120);
        ArgumentOutOfRangeException.ThrowIfLessThan(logInverseRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(logInverseRate, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(logArity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(logArity, 8);
        ArgumentOutOfRangeException.ThrowIfNegative(proofOfWorkBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(proofOfWorkBits, 30);
        var probe = new BasefoldParameters(targetBits, logInverseRate, proofOfWorkBits, logArity, bound);
        int queries = 1;
        while (probe.BitsFor(queries, SizedFor, 1 << 10) < targetBits)
        {
            queries = queries < 4096 ? queries + 1 : throw new ArgumentOutOfRangeException(nameof(targetBits), "The field term alone exceeds the target at this size.");
        }

        return probe with { Queries = queries };
    }

    /// <summary>−log2 ε for an opening of n variables with <paramref name="claims"/> = k + m batched claims.</summary>
    public double SecurityBits(int numVariables, int claims = 2) => BitsFor(Queries, numVariables, claims);

    /// <summary>One line stating the parameters, the bound and the resulting bits (printed with every proof).</summary>
    public string Describe(int numVariables)
    {
        string bound = Bound == ProximityBound.UniqueDecoding
            ? "proven unique-decoding bound, delta=(1-rho)/2 (FRI/BCIKS20 eprint 2020/654 Thm 1.2; Basefold eprint 2023/1705)"
            : "CONJECTURED Johnson-regime bound, delta=1-sqrt(rho)";
        return string.Create(CultureInfo.InvariantCulture,
            $"basefold-pcs: {SecurityBits(numVariables):0.0} bits (target {TargetBits}); rate 1/{1 << LogInverseRate}, {Queries} queries, {ProofOfWorkBits} PoW bits, fold arity {1 << LogArity}, codeword 2^{numVariables + LogInverseRate}; {bound}");
    }

    private double BitsFor(int queries, int numVariables, int claims)
    {
        double queryError = Math.Pow(1 - ProximityParameter, queries) * Math.ScaleB(1.0, -ProofOfWorkBits);
        double fieldError = (Math.ScaleB(2.0, numVariables + LogInverseRate) + (2.0 * numVariables) + claims) / (double)GoldilocksExt2.Order;
        return -Math.Log2(queryError + fieldError);
    }
}
