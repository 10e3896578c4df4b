using System.Globalization;
using System.Numerics;
using Gkr.Field;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// The shape of a committed polynomial: its 2^n evaluations as a 2^a × 2^b matrix (row index = the
/// top a variables, column index = the low b variables, so entry (i, j) is table[i·2^b + j]), each row
/// Reed–Solomon encoded at rate 2^−L into 2^(b+L) symbols.
/// </summary>
/// <param name="NumVariables">n.</param>
/// <param name="RowVariables">a, the number of variables that select a row (variables 0..a−1).</param>
/// <param name="LogInverseRate">L: the code rate is ρ = 2^−L.</param>
public sealed record LigeroShape(int NumVariables, int RowVariables, int LogInverseRate)
{
    /// <summary>b = n − a, the number of variables that select a column of the message matrix.</summary>
    public int ColumnVariables => NumVariables - RowVariables;

    /// <summary>2^a rows.</summary>
    public int Rows => 1 << RowVariables;

    /// <summary>2^b: the message (row) length.</summary>
    public int MessageLength => 1 << ColumnVariables;

    /// <summary>log2 of the codeword length, b + L (also the Merkle tree depth).</summary>
    public int LogCodewordLength => ColumnVariables + LogInverseRate;

    /// <summary>2^(b+L): the codeword length, i.e. the number of committed columns.</summary>
    public int CodewordLength => 1 << LogCodewordLength;

    /// <summary>True when the numbers are in range (0 ≤ a ≤ n ≤ 30, 1 ≤ L ≤ 8, b + L ≤ the NTT limit).</summary>
    public bool IsValid =>
        NumVariables is >= 0 and <= 30 && RowVariables >= 0 && RowVariables <= NumVariables &&
        LogInverseRate is >= 1 and <= 8 && ColumnVariables + LogInverseRate <= Ntt.MaxLogSize;
}

/// <summary>Which proximity bound the query count is derived from.</summary>
public enum ProximityBound
{
    /// <summary>
    /// Proven, unique-decoding regime: δ = (1 − ρ)/2. Correlated agreement for Reed–Solomon codes
    /// (Ben-Sasson, Carmon, Ishai, Kopparty, Saraf, "Proximity Gaps for Reed–Solomon Codes",
    /// eprint 2020/654, Thm 1.2 for lines; the affine-space form for independent random coefficients)
    /// gives a combination error of at most N/|F|; each query then catches a δ-far or inconsistent
    /// matrix with probability ≥ δ (Ligero, Ames et al. CCS 2017; Brakedown, eprint 2021/1043, §4).
    /// </summary>
    UniqueDecoding,

    /// <summary>
    /// Conjectured regime up to the Johnson radius: δ = 1 − √ρ (per-query error √ρ). Not proven for a
    /// Ligero-style PCS opening; offered only to quantify the alternative, never the default.
    /// </summary>
    JohnsonConjectured,
}

/// <summary>
/// Parameters of the Ligero/Brakedown-style tensor commitment, derived from a declared security target.
/// </summary>
/// <remarks>
/// <para>Soundness of one opening (k committed polynomials, m points, codeword length N, t queries,
/// w proof-of-work bits, δ the proximity parameter of <see cref="Bound"/>):</para>
/// <para>ε ≤ (1 − δ)^t · 2^−w + (N + k)/|GoldilocksExt2|,</para>
/// <para>where (1 − δ)^t bounds both the proximity test against a δ-far matrix and the consistency
/// test of a wrong evaluation row against a δ-close one (the two rows' encodings differ in ≥ (1 − ρ)N
/// places, at most δN of them hidden by corruption, leaving ≥ δN), N/|Ext| is the correlated-agreement
/// error of the random combination, and k/|Ext| covers the batching coefficients. Grinding w bits
/// before the query challenge multiplies the attacker's cost of re-sampling queries by 2^w (a
/// Fiat–Shamir cost statement, as in STARK parameter choices). The query count t is the least integer
/// making −log2 ε ≥ the target for every shape (N ≤ 2^24 assumed in the field term).</para>
/// </remarks>
public sealed record LigeroParameters
{
    /// <summary>Default log2 inverse rate (ρ = 1/8): chosen by measurement as the smallest proof at 2^20 within the commit-time goal.</summary>
    public const int DefaultLogInverseRate = 3;

    /// <summary>Default proof-of-work bits (about 2^16 SHA-256 calls for the prover, one for the verifier).</summary>
    public const int DefaultProofOfWorkBits = 16;

    /// <summary>Default security target in bits.</summary>
    public const int DefaultTargetBits = 100;

    private const int MaxCodewordLog = Ntt.MaxLogSize;

    private LigeroParameters(int targetBits, int logInverseRate, int proofOfWorkBits, ProximityBound bound, int queries)
    {
        TargetBits = targetBits;
        LogInverseRate = logInverseRate;
        ProofOfWorkBits = proofOfWorkBits;
        Bound = bound;
        Queries = queries;
    }

    /// <summary>The default parameters: 100 bits, ρ = 1/8, 16 bits of proof of work, proven bound.</summary>
    public static LigeroParameters Default { get; } = ForSecurity(DefaultTargetBits);

    /// <summary>The declared security target in bits.</summary>
    public int TargetBits { get; }

    /// <summary>L, with code rate ρ = 2^−L.</summary>
    public int LogInverseRate { get; }

    /// <summary>w: leading zero bits the prover's proof-of-work digest must have.</summary>
    public int ProofOfWorkBits { get; }

    /// <summary>The proximity bound the query count is derived from.</summary>
    public ProximityBound Bound { get; }

    /// <summary>t: the number of column queries.</summary>
    public int Queries { get; private init; }

    /// <summary>ρ = 2^−L.</summary>
    public double Rate => Math.ScaleB(1.0, -LogInverseRate);

    /// <summary>δ: (1 − ρ)/2 for the proven bound, 1 − √ρ for the conjectured one.</summary>
    public double ProximityParameter => Bound == ProximityBound.UniqueDecoding ? (1 - Rate) / 2 : 1 - Math.Sqrt(Rate);

    /// <summary>
    /// Parameters meeting <paramref name="targetBits"/> under <paramref name="bound"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A target outside [1, 120], a rate outside [1/256, 1/2] or proof-of-work bits outside [0, 30].</exception>
    public static LigeroParameters ForSecurity(int targetBits, int logInverseRate = DefaultLogInverseRate, int proofOfWorkBits = DefaultProofOfWorkBits, ProximityBound bound = ProximityBound.UniqueDecoding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetBits, 120);
        ArgumentOutOfRangeException.ThrowIfLessThan(logInverseRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(logInverseRate, 8);
        ArgumentOutOfRangeException.ThrowIfNegative(proofOfWorkBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(proofOfWorkBits, 30);
        var probe = new LigeroParameters(targetBits, logInverseRate, proofOfWorkBits, bound, 0);
        int queries = 0;
        while (probe.BitsFor(queries, MaxCodewordLog, 1) < targetBits)
        {
            queries++;
        }

        return probe with { Queries = queries };
    }

    /// <summary>
    /// The matrix shape for n variables that minimises <see cref="EstimatedProofBytes"/> for one point.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">n outside [0, 30].</exception>
    public LigeroShape ShapeFor(int numVariables)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numVariables);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numVariables, 30);
        LigeroShape? best = null;
        long bestBytes = long.MaxValue;
        for (int a = 0; a <= numVariables; a++)
        {
            var shape = new LigeroShape(numVariables, a, LogInverseRate);
            long bytes = shape.IsValid ? EstimatedProofBytes(shape, 1, 1) : long.MaxValue;
            if (bytes < bestBytes)
            {
                (best, bestBytes) = (shape, bytes);
            }
        }

        return best ?? throw new ArgumentOutOfRangeException(nameof(numVariables), "No valid shape: the codeword would exceed the NTT limit.");
    }

    /// <summary>
    /// An estimate of the opening proof size: t columns of 2^a base elements per polynomial, one
    /// proximity row and one evaluation row per point (2^b extension elements each), and the pruned
    /// Merkle openings (about t·(b + L − log2 t) digests per polynomial).
    /// </summary>
    public long EstimatedProofBytes(LigeroShape shape, int polynomials, int points)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long columns = (long)Queries * shape.Rows * sizeof(ulong) * polynomials;
        long rows = (1L + points) * shape.MessageLength * 2 * sizeof(ulong);
        int shared = Queries == 0 ? 0 : BitOperations.Log2((uint)Queries);
        long merkle = (long)Queries * Math.Max(0, shape.LogCodewordLength - shared) * MerkleTree.DigestSize * polynomials;
        return columns + rows + merkle;
    }

    /// <summary>−log2 ε for an opening of <paramref name="polynomials"/> polynomials of <paramref name="shape"/>.</summary>
    public double SecurityBits(LigeroShape shape, int polynomials = 1)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return BitsFor(Queries, shape.LogCodewordLength, polynomials);
    }

    /// <summary>One line stating the parameters, the bound and the resulting bits (printed with every proof).</summary>
    public string Describe(LigeroShape shape, int polynomials = 1)
    {
        ArgumentNullException.ThrowIfNull(shape);
        string bound = Bound == ProximityBound.UniqueDecoding
            ? "proven unique-decoding bound, delta=(1-rho)/2 (BCIKS20 eprint 2020/654 Thm 1.2; Ligero/Brakedown)"
            : "CONJECTURED Johnson-regime bound, delta=1-sqrt(rho)";
        return string.Create(CultureInfo.InvariantCulture,
            $"ligero-pcs: {SecurityBits(shape, polynomials):0.0} bits (target {TargetBits}); rate 1/{1 << LogInverseRate}, {Queries} queries, {ProofOfWorkBits} PoW bits, matrix 2^{shape.RowVariables} x 2^{shape.ColumnVariables} -> 2^{shape.LogCodewordLength} columns; {bound}");
    }

    private double BitsFor(int queries, int logCodewordLength, int polynomials)
    {
        double queryError = Math.Pow(1 - ProximityParameter, queries) * Math.ScaleB(1.0, -ProofOfWorkBits);
        double fieldError = (Math.ScaleB(1.0, logCodewordLength) + polynomials) / (double)GoldilocksExt2.Order;
        return -Math.Log2(queryError + fieldError);
    }
}
