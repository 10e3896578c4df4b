using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gkr.Field.Simd;

/// <summary>
/// Σ x·y over 4 Goldilocks lanes with the reduction delayed to the end, as a value that fused
/// kernels keep several of (the sumcheck's round sums): each lane product is formed from four
/// 32×32 <c>vpmuludq</c> products whose 32-bit halves are added into four accumulators by weight
/// 2^0, 2^32, 2^64, 2^96, and reduced once by <see cref="Lane"/> with 2^64 ≡ ε and 2^96 ≡ −1.
/// </summary>
/// <remarks>
/// <para>Four vector fields on purpose: the JIT keeps a struct of up to four fields in registers, and
/// the carry-counting scheme of <see cref="Kernels.GoldilocksKernels.InnerProduct(ReadOnlySpan{Goldilocks}, ReadOnlySpan{Goldilocks}, SimdTier?)"/>
/// (fewer operations, but six accumulators) ran 4× slower as a struct because it stayed in memory.</para>
/// <para>Inputs may be any 64-bit words. A step adds less than 3·2^32 to an accumulator, so fewer than
/// 2^30 steps are safe (a span has fewer than 2^31 elements, i.e. 2^29 steps).</para>
/// </remarks>
internal struct ProductAccumulator256
{
    private Vector256<ulong> _w0, _w32, _w64, _w96;

    /// <summary>Adds x·y lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<ulong> x, Vector256<ulong> y)
    {
        Vector256<ulong> low32 = Vector256.Create(0xFFFF_FFFFUL);
        GoldilocksPacked256.PartialProducts(x, y, out Vector256<ulong> ll, out Vector256<ulong> lh, out Vector256<ulong> hl, out Vector256<ulong> hh);
        _w0 += ll & low32;
        _w32 += (ll >>> 32) + (lh & low32) + (hl & low32);
        _w64 += (lh >>> 32) + (hl >>> 32) + (hh & low32);
        _w96 += hh >>> 32;
    }

    /// <summary>The reduced sum of one lane: w0 + w32·2^32 + w64·ε − w96 (mod p).</summary>
    public readonly Goldilocks Lane(int lane) =>
        new Goldilocks(_w0[lane])
        + (new Goldilocks(_w32[lane]) * Goldilocks.FromCanonical(1UL << 32))
        + (new Goldilocks(_w64[lane]) * Goldilocks.FromCanonical(Goldilocks.Epsilon))
        - new Goldilocks(_w96[lane]);

    /// <summary>The reduced sum of all four lanes.</summary>
    public readonly Goldilocks Total() => Lane(0) + Lane(1) + Lane(2) + Lane(3);
}
