namespace Gkr.Protocol.Claims;

/// <summary>What kind of polynomial a claim is about.</summary>
public enum PolynomialKind : byte
{
    /// <summary>The values of a circuit layer (index −1 is the public input layer).</summary>
    Layer = 0,

    /// <summary>A model table (weights, biases, scales): public, or committed once per model.</summary>
    Table = 1,

    /// <summary>A per-proof witness column, committed in the proof's witness commitment.</summary>
    Witness = 2,
}

/// <summary>
/// Names a multilinear polynomial of a <see cref="Graph.GraphCircuit"/>: a layer's values, a model table or
/// a witness column. Claims carry one, so a reducer can emit claims on anything it reads.
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Index">The layer (−1 for the input), table or witness column index.</param>
public readonly record struct PolynomialRef(PolynomialKind Kind, int Index)
{
    /// <summary>The public input layer.</summary>
    public static PolynomialRef Input => new(PolynomialKind.Layer, -1);

    /// <summary>Layer <paramref name="index"/>'s values.</summary>
    public static PolynomialRef Layer(int index) => new(PolynomialKind.Layer, index);

    /// <summary>Model table <paramref name="index"/>.</summary>
    public static PolynomialRef Table(int index) => new(PolynomialKind.Table, index);

    /// <summary>Witness column <paramref name="index"/>.</summary>
    public static PolynomialRef Witness(int index) => new(PolynomialKind.Witness, index);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        PolynomialKind.Layer when Index < 0 => "input",
        PolynomialKind.Layer => $"layer {Index}",
        PolynomialKind.Table => $"table {Index}",
        _ => $"witness {Index}",
    };
}
