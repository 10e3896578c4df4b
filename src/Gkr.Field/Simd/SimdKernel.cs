namespace Gkr.Field.Simd;

/// <summary>
/// The span kernels whose tier is chosen one by one (<see cref="SimdSupport.TierFor"/>): on AVX-512
/// hardware each uses its 8-lane form only where that form measured faster than its 4-lane form.
/// </summary>
/// <remarks>The names are the keys of <c>gkr bench field</c>'s tier comparison and of <c>gkr info</c>.</remarks>
public enum SimdKernel
{
    /// <summary><c>GoldilocksKernels.Add</c>.</summary>
    Add,

    /// <summary><c>GoldilocksKernels.Subtract</c>.</summary>
    Subtract,

    /// <summary><c>GoldilocksKernels.Multiply</c>.</summary>
    Multiply,

    /// <summary><c>GoldilocksKernels.Scale</c> (multiply by a broadcast scalar).</summary>
    Scale,

    /// <summary><c>GoldilocksKernels.MultiplyAdd</c>.</summary>
    MultiplyAdd,

    /// <summary><c>GoldilocksKernels.ScaleAdd</c> (AXPY).</summary>
    ScaleAdd,

    /// <summary><c>GoldilocksKernels.Fold</c> over base-field tables at a base-field challenge.</summary>
    Fold,

    /// <summary><c>GoldilocksKernels.Fold</c> of base-field tables at an extension challenge.</summary>
    FoldToExtension,

    /// <summary><c>GoldilocksKernels.Fold</c> over extension-field tables.</summary>
    FoldExtension,

    /// <summary><c>GoldilocksKernels.Sum</c>.</summary>
    Sum,

    /// <summary><c>GoldilocksKernels.InnerProduct</c>.</summary>
    InnerProduct,

    /// <summary>The butterflies of <c>Ntt.Forward</c> and <c>Ntt.Inverse</c>.</summary>
    Ntt,
}
