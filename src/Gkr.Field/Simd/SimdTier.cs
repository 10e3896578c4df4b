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

/// <summary>Which <see cref="SimdTier"/> the hardware supports and which one kernels use by default.</summary>
/// <remarks>
/// The tier can be lowered (never raised above the hardware) with the environment variable
/// <c>GKR_SIMD=scalar|avx2|avx512</c>, or with the runtime's own switches
/// (<c>DOTNET_EnableAVX512F=0</c>, <c>DOTNET_EnableAVX2=0</c>, <c>DOTNET_EnableHWIntrinsic=0</c>).
/// Every tier's code is also callable explicitly: on hardware without the instructions the vector
/// code runs on the runtime's software fallback, which is how the lane-by-lane tests check the
/// AVX-512 logic on AVX2-only machines.
/// </remarks>
public static class SimdSupport
{
    /// <summary>The best tier the hardware and runtime accelerate.</summary>
    public static SimdTier Hardware { get; } = DetectHardware();

    /// <summary>The tier used by kernels called without an explicit tier.</summary>
    public static SimdTier Active { get; } = ApplyOverride(Hardware, Environment.GetEnvironmentVariable("GKR_SIMD"));

    /// <summary>True when <paramref name="tier"/> runs on real vector instructions here (not emulated).</summary>
    public static bool IsAccelerated(SimdTier tier) => tier <= Hardware;

    /// <summary>A one-line description, e.g. "Avx2 (hardware Avx2; override: none)".</summary>
    public static string Describe() =>
        $"{Active} (hardware: {Hardware}; GKR_SIMD={Environment.GetEnvironmentVariable("GKR_SIMD") ?? "unset"}; " +
        $"Vector512 accelerated: {Vector512.IsHardwareAccelerated}, Vector256 accelerated: {Vector256.IsHardwareAccelerated})";

    private static SimdTier DetectHardware()
    {
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            return SimdTier.Avx512;
        }

        return Vector256.IsHardwareAccelerated && Avx2.IsSupported ? SimdTier.Avx2 : SimdTier.Scalar;
    }

    internal static SimdTier ApplyOverride(SimdTier hardware, string? request)
    {
        SimdTier? requested = request?.Trim().ToLowerInvariant() switch
        {
            null or "" => null,
            "scalar" or "none" => SimdTier.Scalar,
            "avx2" => SimdTier.Avx2,
            "avx512" => SimdTier.Avx512,
            _ => null,
        };
        return requested is { } r && r < hardware ? r : hardware;
    }
}
