using Gkr.Field;

namespace Gkr.Protocol.Circuits;

/// <summary>The operation of a <see cref="Gate"/>.</summary>
/// <remarks>
/// Every kind has the form <c>out = m·V(left)·V(right) + l·V(left) + r·V(right)</c> with per-gate
/// coefficients (m, l, r), which is what the GKR layer sumcheck proves (Libra's add/mul split with
/// coefficients; see <see cref="Gate.Coefficients"/>). The numeric values are part of the canonical
/// circuit encoding and of the circuit digest: never renumber them.
/// </remarks>
public enum GateKind : byte
{
    /// <summary>V(left) + V(right): (m, l, r) = (0, 1, 1).</summary>
    Add = 0,

    /// <summary>V(left) − V(right): (0, 1, −1).</summary>
    Sub = 1,

    /// <summary>V(left) · V(right): (1, 0, 0).</summary>
    Mul = 2,

    /// <summary>c · V(left) for the gate's constant c: (0, c, 0).</summary>
    ConstMul = 3,

    /// <summary>V(left) unchanged (carries a value to the next layer): (0, 1, 0).</summary>
    Relay = 4,
}

/// <summary>
/// One gate of a <see cref="GateLayer"/>: reads the values at <see cref="Left"/> and <see cref="Right"/>
/// of the layer before it (for one-input kinds <see cref="Right"/> equals <see cref="Left"/>).
/// </summary>
/// <param name="Kind">The operation.</param>
/// <param name="Left">Index of the first input in the previous layer (within the block for data-parallel layers).</param>
/// <param name="Right">Index of the second input (equal to <paramref name="Left"/> for one-input kinds).</param>
/// <param name="Constant">The constant of <see cref="GateKind.ConstMul"/>; zero for every other kind.</param>
public readonly record struct Gate(GateKind Kind, int Left, int Right, Goldilocks Constant)
{
    /// <summary>left + right.</summary>
    public static Gate Add(int left, int right) => new(GateKind.Add, left, right, Goldilocks.Zero);

    /// <summary>left − right.</summary>
    public static Gate Sub(int left, int right) => new(GateKind.Sub, left, right, Goldilocks.Zero);

    /// <summary>left · right.</summary>
    public static Gate Mul(int left, int right) => new(GateKind.Mul, left, right, Goldilocks.Zero);

    /// <summary>constant · input.</summary>
    public static Gate ConstMul(Goldilocks constant, int input) => new(GateKind.ConstMul, input, input, constant);

    /// <summary>input, unchanged.</summary>
    public static Gate Relay(int input) => new(GateKind.Relay, input, input, Goldilocks.Zero);

    /// <summary>True for the kinds that read only <see cref="Left"/>.</summary>
    public bool IsUnary => Kind is GateKind.ConstMul or GateKind.Relay;

    /// <summary>The coefficients (m, l, r) of out = m·V(left)·V(right) + l·V(left) + r·V(right).</summary>
    public (Goldilocks Mul, Goldilocks Left, Goldilocks Right) Coefficients => Kind switch
    {
        GateKind.Add => (Goldilocks.Zero, Goldilocks.One, Goldilocks.One),
        GateKind.Sub => (Goldilocks.Zero, Goldilocks.One, Goldilocks.MinusOne),
        GateKind.Mul => (Goldilocks.One, Goldilocks.Zero, Goldilocks.Zero),
        GateKind.ConstMul => (Goldilocks.Zero, Constant, Goldilocks.Zero),
        _ => (Goldilocks.Zero, Goldilocks.One, Goldilocks.Zero),
    };

    /// <summary>The gate's output for input values <paramref name="left"/>, <paramref name="right"/>.</summary>
    public Goldilocks Apply(Goldilocks left, Goldilocks right) => Kind switch
    {
        GateKind.Add => left + right,
        GateKind.Sub => left - right,
        GateKind.Mul => left * right,
        GateKind.ConstMul => Constant * left,
        _ => left,
    };
}
