using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gkr.Field.Simd;

/// <summary>The instruction-set tiers a Gkr kernel can run on.</summary>
public enum SimdTier
{
    /// <summary>Portable 64-bit scalar code (uses <see cref="Math.BigMul(ulong, ulong, out ulong)"/>).</summary>
    Scalar = 0,

    /// <summary>256-bit vectors, 4 Goldilocks lanes (AVX2).</summary>
    Avx2 = 1,

    /// <summary>512-bit vectors, 8 Goldilocks lanes (AVX-512F).</summary>
    Avx512 = 2,
}

/// <summary>
/// Which <see cref="SimdTier"/> the hardware accelerates, the widest one kernels may use, and the one
/// each kernel does use.
/// </summary>
/// <remarks>
/// <para><see cref="Hardware"/> is the best tier the CPU and runtime accelerate. <see cref="Active"/>
/// is that tier lowered (never raised) by <c>GKR_SIMD=scalar|avx2|avx512</c>. Each kernel then runs
/// on <see cref="TierFor"/>: on AVX-512 hardware a kernel uses its AVX-512 form only where that form
/// measured faster than its AVX2 form (<c>SimdPolicy</c>, figures in docs/BENCHMARKS.md), unless
/// <c>GKR_SIMD=avx512</c> forces every kernel onto AVX-512.</para>
/// <para>The runtime's own switches lower <see cref="Hardware"/>: on .NET 10 <c>DOTNET_EnableAVX512=0</c>
/// (the older per-subset <c>DOTNET_EnableAVX512F=0</c> is no longer honoured), <c>DOTNET_EnableAVX2=0</c>,
/// <c>DOTNET_EnableHWIntrinsic=0</c>.</para>
/// <para>Every tier's code is also callable explicitly: on hardware without the instructions the
/// vector code runs on the runtime's software fallback, which is how the lane-by-lane tests check
/// the AVX-512 logic on AVX2-only machines.</para>
/// </remarks>
public static class SimdSupport
{
    private static readonly string? Request = Environment.GetEnvironmentVariable("GKR_SIMD");

    /// <summary>The best tier the hardware and runtime accelerate.</summary>
    public static SimdTier Hardware { get; } = DetectHardware();

    /// <summary>The widest tier kernels may use: <see cref="Hardware"/> lowered by <c>GKR_SIMD</c>.</summary>
    /// <remarks>A kernel called without an explicit tier runs on <see cref="TierFor"/>, which may be lower.</remarks>
    public static SimdTier Active { get; } = ApplyOverride(Hardware, Request);

    /// <summary>True when <c>GKR_SIMD=avx512</c> asks every kernel to use its AVX-512 form.</summary>
    public static bool Avx512Forced { get; } = ParseRequest(Request) == SimdTier.Avx512;

    // Decided once (after the fields above, which static initialization runs first): TierFor is
    // on every kernel call's path.
    private static readonly SimdTier[] KernelTiers =
        [.. Enum.GetValues<SimdKernel>().Select(k => Choose(k, Active, Avx512Forced, CpuFamily.Current))];

    /// <summary>True when <paramref name="tier"/> runs on real vector instructions here (not emulated).</summary>
    public static bool IsAccelerated(SimdTier tier) => tier <= Hardware;

    /// <summary>The tier <paramref name="kernel"/> runs on when called without an explicit tier.</summary>
    public static SimdTier TierFor(SimdKernel kernel) => KernelTiers[(int)kernel];

    /// <summary>Why <paramref name="kernel"/> runs on <see cref="TierFor"/>, e.g. for <c>gkr info</c>.</summary>
    public static string Reason(SimdKernel kernel)
    {
        SimdPolicy.Entry entry = SimdPolicy.For(kernel, CpuFamily.Current);
        return Active switch
        {
            SimdTier.Avx512 when Avx512Forced => $"GKR_SIMD=avx512 forces it; {entry.Evidence}",
            SimdTier.Avx512 when entry.Avx512Faster => $"Avx512 measured faster: {entry.Evidence}",
            SimdTier.Avx512 => $"Avx512 not faster: {entry.Evidence}; GKR_SIMD=avx512 to force",
            _ when Active < Hardware => $"GKR_SIMD={Request} lowers every kernel",
            _ => $"widest tier the hardware accelerates ({Hardware})",
        };
    }

    /// <summary>The snake_case name of <paramref name="kernel"/> used in bench keys and <c>gkr info</c>, e.g. "multiply_add".</summary>
    public static string Key(SimdKernel kernel) =>
        string.Concat(kernel.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>A one-line description, e.g. "Avx512 (hardware: Avx512; GKR_SIMD=unset; 2 of 12 kernels on Avx512; …)".</summary>
    public static string Describe()
    {
        int on512 = Enum.GetValues<SimdKernel>().Count(k => TierFor(k) == SimdTier.Avx512);
        return $"{Active} (hardware: {Hardware}; GKR_SIMD={Request ?? "unset"}; {on512} of {Enum.GetValues<SimdKernel>().Length} kernels on Avx512; " +
            $"Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256 accelerated: {Vector256.IsHardwareAccelerated})";
    }

    internal static SimdTier Choose(SimdKernel kernel, SimdTier active, bool avx512Forced, CpuFamily cpu) =>
        active == SimdTier.Avx512 && !avx512Forced && !SimdPolicy.For(kernel, cpu).Avx512Faster ? SimdTier.Avx2 : active;

    internal static SimdTier ApplyOverride(SimdTier hardware, string? request) =>
        ParseRequest(request) is { } r && r < hardware ? r : hardware;

    private static SimdTier? ParseRequest(string? request) => request?.Trim().ToLowerInvariant() switch
    {
        "scalar" or "none" => SimdTier.Scalar,
        "avx2" => SimdTier.Avx2,
        "avx512" => SimdTier.Avx512,
        _ => null,
    };

    private static SimdTier DetectHardware()
    {
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            return SimdTier.Avx512;
        }

        return Vector256.IsHardwareAccelerated && Avx2.IsSupported ? SimdTier.Avx2 : SimdTier.Scalar;
    }
}
