using Gkr.Field;

namespace Gkr.Protocol.Circuits;

/// <summary>Seeded circuit generators for tests, benchmarks and <c>gkr demo</c>.</summary>
public static class SampleCircuits
{
    /// <summary>Which layer kinds <see cref="Random"/> may use.</summary>
    [Flags]
    public enum Kinds
    {
        /// <summary>Gate layers with arbitrary wiring.</summary>
        Gates = 1,

        /// <summary>Data-parallel gate layers.</summary>
        DataParallel = 2,

        /// <summary>Matrix products.</summary>
        MatMul = 4,

        /// <summary>Every kind.</summary>
        All = Gates | DataParallel | MatMul,
    }

    /// <summary>
    /// A random circuit: <paramref name="depth"/> layers, every width in 1..2^<paramref name="maxWidthLog"/>,
    /// random gate kinds and wiring, kinds mixed as <paramref name="kinds"/> allows. Deterministic in <paramref name="seed"/>.
    /// </summary>
    public static LayeredCircuit Random(int seed, int depth, int maxWidthLog, Kinds kinds = Kinds.All)
    {
        var rng = new Random(seed);
        var builder = new CircuitBuilder(RandomWidth(rng, maxWidthLog));
        for (int layer = 0; layer < depth; layer++)
        {
            Kinds kind = PickKind(rng, kinds);
            int s = builder.CurrentVariables;
            switch (kind)
            {
                case Kinds.MatMul:
                    {
                        int kv = rng.Next(0, s + 1);
                        int mv = rng.Next(0, Math.Min(s - kv, maxWidthLog) + 1);
                        int nv = rng.Next(0, Math.Min(s - kv, maxWidthLog - mv) + 1);
                        int offsetA = rng.Next(0, 1 << (s - mv - kv)) << (mv + kv);
                        int offsetB = rng.Next(0, 1 << (s - nv - kv)) << (nv + kv);
                        builder.AddMatMul(new MatrixSlice(offsetA, 1 << mv, 1 << kv), new MatrixSlice(offsetB, 1 << kv, 1 << nv));
                        break;
                    }

                case Kinds.DataParallel:
                    {
                        int cv = rng.Next(0, Math.Min(s, 5) + 1);
                        int blockInput = 1 << (s - cv);
                        int blockWidth = rng.Next(1, Math.Max(1, (1 << maxWidthLog) >> cv) + 1);
                        builder.AddDataParallel(1 << cv, RandomGates(rng, blockWidth, blockInput));
                        break;
                    }

                default:
                    builder.AddGates(RandomGates(rng, RandomWidth(rng, maxWidthLog), builder.CurrentWidth));
                    break;
            }
        }

        return builder.Build();
    }

    /// <summary>A data-parallel circuit: <paramref name="depth"/> layers of 2^<paramref name="copyVariables"/> copies of a random block of 2^<paramref name="blockVariables"/> gates.</summary>
    public static LayeredCircuit DataParallel(int seed, int depth, int copyVariables, int blockVariables)
    {
        var rng = new Random(seed);
        var builder = new CircuitBuilder(1 << (copyVariables + blockVariables));
        for (int layer = 0; layer < depth; layer++)
        {
            builder.AddDataParallel(1 << copyVariables, RandomGates(rng, 1 << blockVariables, 1 << blockVariables));
        }

        return builder.Build();
    }

    /// <summary>A circuit of <paramref name="depth"/> layers of 2^<paramref name="widthLog"/> gates with random wiring across the whole layer.</summary>
    public static LayeredCircuit RandomWiring(int seed, int depth, int widthLog)
    {
        var rng = new Random(seed);
        var builder = new CircuitBuilder(1 << widthLog);
        for (int layer = 0; layer < depth; layer++)
        {
            builder.AddGates(RandomGates(rng, 1 << widthLog, 1 << widthLog));
        }

        return builder.Build();
    }

    /// <summary>
    /// The default <c>gkr demo</c> circuit, d = 2^<paramref name="dimensionLog"/>: input X, W (d×d each);
    /// layer 0 (gates) lays out [X; X⊙X] (2d×d) beside W; layer 1 H = [X; X⊙X]·W (matrix product);
    /// layer 2 (gates) G = [H_top + H_bottom; H_top ⊙ H_bottom]; layer 3 Z = G_top·G_bottom (matrix
    /// product); layer 4 (gates) pairwise differences and constant multiples of Z.
    /// </summary>
    public static LayeredCircuit Demo(int dimensionLog)
    {
        int d = 1 << dimensionLog, block = d * d;
        var builder = new CircuitBuilder(2 * block);

        var layer0 = new List<Gate>(4 * block);
        layer0.AddRange(Enumerable.Range(0, block).Select(Gate.Relay));
        layer0.AddRange(Enumerable.Range(0, block).Select(i => Gate.Mul(i, i)));
        layer0.AddRange(Enumerable.Range(block, block).Select(Gate.Relay));
        layer0.AddRange(Enumerable.Range(block, block).Select(Gate.Relay));
        builder.AddGates(layer0);

        builder.AddMatMul(new MatrixSlice(0, 2 * d, d), new MatrixSlice(2 * block, d, d));

        var layer2 = new List<Gate>(2 * block);
        layer2.AddRange(Enumerable.Range(0, block).Select(i => Gate.Add(i, block + i)));
        layer2.AddRange(Enumerable.Range(0, block).Select(i => Gate.Mul(i, block + i)));
        builder.AddGates(layer2);

        builder.AddMatMul(new MatrixSlice(0, d, d), new MatrixSlice(block, d, d));

        var layer4 = new List<Gate>(block);
        for (int i = 0; i + 1 < block; i += 2)
        {
            layer4.Add(Gate.Sub(i, i + 1));
            layer4.Add(Gate.ConstMul(Goldilocks.FromUInt64(3), i + 1));
        }

        if (block == 1)
        {
            layer4.Add(Gate.Relay(0));
        }

        builder.AddGates(layer4);
        return builder.Build();
    }

    /// <summary>Random gates (every kind) reading indices below <paramref name="available"/>.</summary>
    public static Gate[] RandomGates(Random rng, int count, int available)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var gates = new Gate[count];
        for (int g = 0; g < count; g++)
        {
            int left = rng.Next(available), right = rng.Next(available);
            gates[g] = rng.Next(10) switch
            {
                < 3 => Gate.Add(left, right),
                < 6 => Gate.Mul(left, right),
                < 7 => Gate.Sub(left, right),
                < 8 => Gate.ConstMul(Goldilocks.FromUInt64((ulong)rng.NextInt64()), left),
                _ => Gate.Relay(left),
            };
        }

        return gates;
    }

    /// <summary><paramref name="count"/> seeded random field elements.</summary>
    public static Goldilocks[] RandomValues(int seed, int count)
    {
        var source = new RandomSource(seed);
        var values = new Goldilocks[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = Goldilocks.Sample(ref source);
        }

        return values;
    }

    private static int RandomWidth(Random rng, int maxWidthLog) => rng.Next(1, (1 << rng.Next(0, maxWidthLog + 1)) + 1);

    private static Kinds PickKind(Random rng, Kinds kinds)
    {
        Kinds[] allowed = [.. new[] { Kinds.Gates, Kinds.DataParallel, Kinds.MatMul }.Where(k => (kinds & k) != 0)];
        return allowed.Length == 0 ? Kinds.Gates : allowed[rng.Next(allowed.Length)];
    }
}
