using Gkr.Field;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Lookups;

/// <summary>
/// The prover state of one fraction-tree layer sumcheck, Σ_x eq(z, x)·[p₀q₁ + p₁q₀ + λq₀q₁](x), over the
/// child tables of layer k + 1 (folded in place: the tree no longer needs them once this layer is proven).
/// </summary>
/// <remarks>
/// Gruen's factoring (eprint 2024/108, §3): in round j, h(t) = e·eq(z_j, t)·s(t) with e = Π_{i&lt;j} eq(z_i, r_i)
/// and s(t) = Σ_{x'} eq(z_{j+1..}, x')·g(t, x') of degree 2. The state computes s(0) and s(2), takes h(1)
/// from the running claim (s(1) = h(1) / (e·z_j)), and extrapolates s(3); the eq factor is never folded.
/// The suffix tables eq(z_{j+1..}, ·) for rounds j = 0..k − 1 are built once, 2^k − 1 entries in all.
/// </remarks>
internal sealed class FractionLayerState<T> : ClaimState<T>
    where T : unmanaged, IField<T>
{
    private readonly T[]? _p;
    private readonly T[] _q;
    private readonly int _half;
    private readonly T[] _z;
    private readonly T[] _suffix;
    private readonly T _lambda;
    private int _round;
    private int _length;
    private T _prefix = T.One;

    /// <summary>A state over child tables <paramref name="p"/> (null: all ones) and <paramref name="q"/> of 2·<paramref name="half"/> entries, claim point <paramref name="z"/>;
    /// the suffix eq tables go into <paramref name="suffixBuffer"/> (at least 2^(z.Length − 1) entries, overwritten: successive layers share it).</summary>
    public FractionLayerState(T[] z, T[]? p, T[] q, int half, T lambda, T[] suffixBuffer)
    {
        _z = z;
        _p = p;
        _q = q;
        _half = half;
        _length = half;
        _lambda = lambda;
        _suffix = suffixBuffer;

        // eq(z_{j..}, ·) for j = 1..k (round j − 1 reads table j; table 0 is never needed), 2^(k − j)
        // entries at offset 2^(k − j) − 1.
        int k = z.Length;
        _suffix[0] = T.One;
        for (int size = 2, j = k - 1; j >= 1; j--, size *= 2)
        {
            FractionKernels.EqStep<T>(_suffix.AsSpan((size / 2) - 1, size / 2), z[j], _suffix.AsSpan(size - 1, size));
        }
    }

    /// <inheritdoc />
    public override int NumVariables => _z.Length - _round;

    /// <inheritdoc />
    public override void RoundEvaluations(Span<T> destination, T claim)
    {
        int pairs = _length / 2;
        ReadOnlySpan<T> eq = Suffix(_round + 1);
        (T s0, T s2) = FractionKernels.RoundSums(eq, _p, _q, _half, pairs, _lambda);

        T zj = _z[_round];
        T e0 = _prefix * (T.One - zj);
        T h0 = e0 * s0;
        T h1 = claim - h0;
        T e1 = _prefix * zj;
        T s1 = e1.IsZero ? DirectS1() : h1 / e1;
        T two = T.FromUInt64(2), three = T.FromUInt64(3);
        T s3 = s0 + (three * (s2 - s1));
        destination[0] = h0;
        destination[1] = h1;
        if (destination.Length > 2)
        {
            // eq(z_j, t) = 1 − z_j − t + 2·z_j·t.
            destination[2] = _prefix * (T.One - zj - two + (T.FromUInt64(4) * zj)) * s2;
        }

        if (destination.Length > 3)
        {
            destination[3] = _prefix * (T.One - zj - three + (T.FromUInt64(6) * zj)) * s3;
        }
    }

    /// <inheritdoc />
    public override void Bind(T r)
    {
        int pairs = _length / 2;
        Fold(_q, 0, pairs, r);
        Fold(_q, _half, pairs, r);
        if (_p is not null)
        {
            Fold(_p, 0, pairs, r);
            Fold(_p, _half, pairs, r);
        }

        T zj = _z[_round];
        _prefix *= (T.One - zj - r) + (T.FromUInt64(2) * zj * r);
        _length = pairs;
        _round++;
    }

    /// <inheritdoc />
    public override T[] FactorEvaluations()
    {
        (T p0, T p1, T q0, T q1) = Final();
        return [p0, p1, q0, q1];
    }

    /// <summary>p₀(r), p₁(r), q₀(r), q₁(r) once every variable is bound.</summary>
    public (T P0, T P1, T Q0, T Q1) Final() =>
        (_p is null ? T.One : _p[0], _p is null ? T.One : _p[_half], _q[0], _q[_half]);

    private static void Fold(T[] table, int offset, int pairs, T r) =>
        Folds.Extension<T>(table.AsSpan(offset, pairs), table.AsSpan(offset + pairs, pairs), r, table.AsSpan(offset, pairs));

    /// <summary>eq(z_{j..}, ·) over the last k − j variables (j ≥ 1).</summary>
    private ReadOnlySpan<T> Suffix(int j)
    {
        int size = 1 << (_z.Length - j);
        return _suffix.AsSpan(size - 1, size);
    }

    /// <summary>s(1) computed directly (only when e·z_j = 0, where it cannot be derived from the claim).</summary>
    private T DirectS1()
    {
        int pairs = _length / 2;
        ReadOnlySpan<T> eq = Suffix(_round + 1);
        T s1 = T.Zero;
        for (int x = 0; x < pairs; x++)
        {
            T p0 = _p is null ? T.One : _p[x + pairs], p1 = _p is null ? T.One : _p[_half + x + pairs];
            T q0 = _q[x + pairs], q1 = _q[_half + x + pairs];
            s1 += eq[x] * ((p0 * q1) + (p1 * q0) + (_lambda * q0 * q1));
        }

        return s1;
    }
}
