using System.Globalization;

namespace Gkr.Field.Simd;

/// <summary>
/// Per kernel and CPU family: whether the kernel's AVX-512 form beats its AVX2 form, with the
/// measurement behind the answer. A kernel takes its AVX-512 form only where it was measured faster.
/// </summary>
/// <remarks>
/// <para>Ratios are AVX-512 time ÷ AVX2 time from <c>gkr bench field --json</c> (its
/// <c>*_avx512_over_avx2</c> keys: both forms timed in alternation in one process, median over 21
/// pairs; the table holds the median of three runs). Full figures and commands: docs/BENCHMARKS.md.</para>
/// <para>A kernel takes its AVX-512 form only below <see cref="FasterBelow"/>, a margin wider than the
/// run-to-run spread of the ratios (±0.04), so noise cannot put a kernel on a slower form.</para>
/// <para>AMD family 1Ah (Zen 5, full-width 512-bit units): measured on the development machine;
/// every AVX-512 form but Subtract's is faster (Subtract is bound by loads and stores, and its
/// 64-byte accesses, unaligned on ulong arrays, each split a cache line). AMD family 19h (Zen 4, 512-bit operations split into two
/// 256-bit halves): the figures reported in issue #11 (separate processes, medians of three runs) show
/// the AVX-512 multiply, inner product and add slower, and the other kernels were not measured there,
/// so all use AVX2. (Those figures predate the AVX-512 forms' rewrite onto mask registers and
/// <c>vpminuq</c>, which cut the multiply from the AVX2 form's 31 vector operations to 26; rerun the bench on
/// Zen 4 to revisit.) Any other CPU (Intel AVX-512 parts included) is unmeasured and uses AVX2;
/// <c>GKR_SIMD=avx512</c> forces the 8-lane forms and the same bench shows whether they pay.</para>
/// </remarks>
internal static class SimdPolicy
{
    /// <summary>The decision for one kernel on one CPU family.</summary>
    internal sealed record Entry(bool Avx512Faster, string Evidence);

    // AMD family 1Ah (Zen 5): Avx512/Avx2 time, same run; see docs/BENCHMARKS.md "AVX-512 against AVX2".
    private static readonly double[] Zen5Ratios = Table(
        (SimdKernel.Add, 0.73),
        (SimdKernel.Subtract, 1.09),
        (SimdKernel.Multiply, 0.41),
        (SimdKernel.Scale, 0.42),
        (SimdKernel.MultiplyAdd, 0.44),
        (SimdKernel.ScaleAdd, 0.45),
        (SimdKernel.Fold, 0.40),
        (SimdKernel.FoldToExtension, 0.49),
        (SimdKernel.FoldExtension, 0.40),
        (SimdKernel.Sum, 0.47),
        (SimdKernel.InnerProduct, 0.78),
        (SimdKernel.Ntt, 0.76));

    // AMD family 19h (Zen 4): issue #11's figures (0 = not measured there).
    private static readonly double[] Zen4Ratios = Table(
        (SimdKernel.Add, 0.29 / 0.24),
        (SimdKernel.Multiply, 0.92 / 0.77),
        (SimdKernel.InnerProduct, 0.50 / 0.40));

    /// <summary>The largest Avx512 ÷ Avx2 time ratio at which a kernel takes its AVX-512 form.</summary>
    public const double FasterBelow = 0.95;

    /// <summary>The decision for <paramref name="kernel"/> on <paramref name="cpu"/>.</summary>
    public static Entry For(SimdKernel kernel, CpuFamily cpu)
    {
        (double[]? ratios, string where) = cpu switch
        {
            { IsAmdFamily1Ah: true } => (Zen5Ratios, "AMD family 1Ah (Zen 5)"),
            { IsAmdFamily19h: true } => (Zen4Ratios, "AMD family 19h (Zen 4), issue #11"),
            _ => ((double[]?)null, cpu.ToString()),
        };
        double ratio = ratios?[(int)kernel] ?? 0;
        return ratio == 0
            ? new Entry(false, $"not measured on {where}")
            : new Entry(ratio < FasterBelow, string.Create(CultureInfo.InvariantCulture, $"Avx512/Avx2 time {ratio:0.00} on {where}"));
    }

    private static double[] Table(params (SimdKernel Kernel, double Ratio)[] measured)
    {
        var ratios = new double[Enum.GetValues<SimdKernel>().Length];
        foreach ((SimdKernel kernel, double ratio) in measured)
        {
            ratios[(int)kernel] = ratio;
        }

        return ratios;
    }
}
