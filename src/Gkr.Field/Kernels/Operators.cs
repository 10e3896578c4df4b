using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Gkr.Field.Simd;

namespace Gkr.Field.Kernels;

/// <summary>
/// A lane-wise Goldilocks operation on canonical words, with its scalar form and its 4- and 8-lane
/// forms side by side (the shape of System.Numerics.Tensors' operator structs).
/// </summary>
internal interface IBinaryOperator
{
    static abstract ulong Invoke(ulong x, ulong y);

    static abstract Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y);

    static abstract Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y);
}

/// <summary>A lane-wise operation of three canonical operands.</summary>
internal interface ITernaryOperator
{
    static abstract ulong Invoke(ulong x, ulong y, ulong z);

    static abstract Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y, Vector256<ulong> z);

    static abstract Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y, Vector512<ulong> z);
}

/// <summary>x + y.</summary>
internal readonly struct AddOperator : IBinaryOperator
{
    public static ulong Invoke(ulong x, ulong y) => Goldilocks.Add(x, y);

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => GoldilocksPacked256.Add(x, y);

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => GoldilocksPacked512.Add(x, y);
}

/// <summary>x − y.</summary>
internal readonly struct SubtractOperator : IBinaryOperator
{
    public static ulong Invoke(ulong x, ulong y) => Goldilocks.Sub(x, y);

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => GoldilocksPacked256.Subtract(x, y);

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => GoldilocksPacked512.Subtract(x, y);
}

/// <summary>x · y.</summary>
internal readonly struct MultiplyOperator : IBinaryOperator
{
    public static ulong Invoke(ulong x, ulong y) => Goldilocks.Mul(x, y);

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y) => GoldilocksPacked256.Multiply(x, y);

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y) => GoldilocksPacked512.Multiply(x, y);
}

/// <summary>x · y + z.</summary>
internal readonly struct MultiplyAddOperator : ITernaryOperator
{
    public static ulong Invoke(ulong x, ulong y, ulong z) => Goldilocks.Add(Goldilocks.Mul(x, y), z);

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y, Vector256<ulong> z) => GoldilocksPacked256.MultiplyAdd(x, y, z);

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y, Vector512<ulong> z) => GoldilocksPacked512.MultiplyAdd(x, y, z);
}

/// <summary>x + z · (y − x): the multilinear fold of a low half x and high half y at z.</summary>
internal readonly struct FoldOperator : ITernaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Invoke(ulong x, ulong y, ulong z) => Goldilocks.Add(x, Goldilocks.Mul(z, Goldilocks.Sub(y, x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y, Vector256<ulong> z) =>
        GoldilocksPacked256.Add(x, GoldilocksPacked256.MultiplyLazy(z, GoldilocksPacked256.Subtract(y, x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y, Vector512<ulong> z) =>
        GoldilocksPacked512.Add(x, GoldilocksPacked512.MultiplyLazy(z, GoldilocksPacked512.Subtract(y, x)));
}

/// <summary>x · z + y (z broadcast): the AXPY shape.</summary>
internal readonly struct ScaleAddOperator : ITernaryOperator
{
    public static ulong Invoke(ulong x, ulong y, ulong z) => Goldilocks.Add(Goldilocks.Mul(x, z), y);

    public static Vector256<ulong> Invoke(Vector256<ulong> x, Vector256<ulong> y, Vector256<ulong> z) => GoldilocksPacked256.MultiplyAdd(x, z, y);

    public static Vector512<ulong> Invoke(Vector512<ulong> x, Vector512<ulong> y, Vector512<ulong> z) => GoldilocksPacked512.MultiplyAdd(x, z, y);
}
