using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// A row-major matrix stored in the previous layer: entry (i, j) is value <c>Offset + i·Cols + j</c>.
/// </summary>
/// <remarks>
/// Rows and columns are powers of two and the offset is a multiple of Rows·Cols, so the slice is a
/// sub-cube of the previous layer's hypercube: its multilinear extension is the previous layer's with
/// the leading variables fixed to the bits of Offset / (Rows·Cols).
/// </remarks>
/// <param name="Offset">Index of entry (0, 0) in the previous layer.</param>
/// <param name="Rows">Number of rows (a power of two).</param>
/// <param name="Cols">Number of columns (a power of two).</param>
public readonly record struct MatrixSlice(int Offset, int Rows, int Cols)
{
    /// <summary>Rows · Cols.</summary>
    public long Length => (long)Rows * Cols;

    /// <summary>log2(Rows).</summary>
    public int RowVariables => System.Numerics.BitOperations.Log2((uint)Rows);

    /// <summary>log2(Cols).</summary>
    public int ColVariables => System.Numerics.BitOperations.Log2((uint)Cols);

    /// <summary>Throws unless the slice is an aligned power-of-two sub-cube of 2^<paramref name="layerVariables"/> values.</summary>
    /// <exception cref="MalformedCircuitException">The slice is not valid there.</exception>
    public void Validate(string name, int layerVariables)
    {
        if (Rows <= 0 || Cols <= 0 || (Rows & (Rows - 1)) != 0 || (Cols & (Cols - 1)) != 0)
        {
            throw new MalformedCircuitException($"Matrix {name} is {Rows}×{Cols}; both dimensions must be powers of two (pad the matrix).");
        }

        if (Offset < 0 || Offset % Length != 0 || Offset + Length > 1L << layerVariables)
        {
            throw new MalformedCircuitException($"Matrix {name} at offset {Offset} ({Rows}×{Cols}) must start at a multiple of {Length} and lie within the previous layer's {1L << layerVariables} values.");
        }
    }
}

/// <summary>
/// A matrix-product layer C = A·B with A (m×k) and B (k×n) read from slices of the previous layer;
/// the output is C in row-major order (m·n values). Proven by one sumcheck over the inner dimension
/// (Thaler 2013, eprint 2013/351, §4): cost O(mk + kn + mn), not a gate per multiplication.
/// </summary>
public sealed class MatMulLayer : CircuitLayer
{
    /// <summary>Canonical kind tag.</summary>
    public const byte Tag = 2;

    private MatMulLayerReducer? _reducer;

    /// <summary>C = A·B for slices of a previous layer of 2^<paramref name="inputVariables"/> values.</summary>
    /// <exception cref="MalformedCircuitException">A slice is invalid or the inner dimensions differ.</exception>
    public MatMulLayer(int inputVariables, MatrixSlice a, MatrixSlice b)
        : base(inputVariables, Check(inputVariables, a, b))
    {
        A = a;
        B = b;
    }

    /// <summary>The left factor (m×k).</summary>
    public MatrixSlice A { get; }

    /// <summary>The right factor (k×n).</summary>
    public MatrixSlice B { get; }

    /// <inheritdoc />
    public override int Width => A.Rows * B.Cols;

    /// <inheritdoc />
    public override long Size => (long)A.Rows * A.Cols * B.Cols;

    /// <inheritdoc />
    public override byte KindTag => Tag;

    /// <inheritdoc />
    public override ILayerReducer Reducer => _reducer ??= new MatMulLayerReducer(this);

    /// <inheritdoc />
    /// <remarks>Transposes B once, then each entry is one packed inner product (delayed reduction).</remarks>
    public override void Evaluate(Goldilocks[] input, Goldilocks[] output, SumcheckOptions options)
    {
        CheckSizes(input, output);
        ArgumentNullException.ThrowIfNull(options);
        Multiply(input.AsSpan(A.Offset, (int)A.Length), input.AsSpan(B.Offset, (int)B.Length), output, A.Rows, A.Cols, B.Cols, options);
    }

    /// <summary>The plain product C = A·B (row-major) with the packed inner-product kernel: the honest floor.</summary>
    public static void Multiply(ReadOnlySpan<Goldilocks> a, ReadOnlySpan<Goldilocks> b, Goldilocks[] c, int m, int k, int n, SumcheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Goldilocks[] left = a.ToArray();
        var transposed = new Goldilocks[k * n];
        for (int row = 0; row < k; row++)
        {
            for (int col = 0; col < n; col++)
            {
                transposed[(col * k) + row] = b[(row * n) + col];
            }
        }

        ParallelRanges.Run(m, options with { ParallelThreshold = 2 }, (_, from, to) =>
        {
            for (int i = from; i < to; i++)
            {
                ReadOnlySpan<Goldilocks> rowA = left.AsSpan(i * k, k);
                for (int j = 0; j < n; j++)
                {
                    c[(i * n) + j] = GoldilocksKernels.InnerProduct(rowA, transposed.AsSpan(j * k, k));
                }
            }
        });
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (MatrixSlice slice in (ReadOnlySpan<MatrixSlice>)[A, B])
        {
            writer.UInt32((uint)slice.Offset);
            writer.UInt32((uint)slice.Rows);
            writer.UInt32((uint)slice.Cols);
        }
    }

    private static int Check(int inputVariables, MatrixSlice a, MatrixSlice b)
    {
        a.Validate("A", inputVariables);
        b.Validate("B", inputVariables);
        if (a.Cols != b.Rows)
        {
            throw new MalformedCircuitException($"A is {a.Rows}×{a.Cols} and B is {b.Rows}×{b.Cols}: inner dimensions differ.");
        }

        int variables = a.RowVariables + b.ColVariables;
        return variables > MaxVariables ? throw new MalformedCircuitException($"The product has 2^{variables} entries, more than 2^{MaxVariables}.") : variables;
    }
}
